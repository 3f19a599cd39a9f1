using System.Globalization;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Ownership;

/// <summary>
/// Requests to the process that runs a sweep, kept in the store: <c>sweep cancel</c> leaves one when
/// another process holds the sweep's lock, and that process (or the next one to run the sweep)
/// carries it out and removes it. Durable, so a request survives the runner's crash.
/// </summary>
public static class SweepRequests
{
    public const string Cancel = "cancel";
    private const string PostgreSqlTableCount = "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'sweep_requests'";
    private const string SqliteTableCount = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sweep_requests'";
    private const string PendingSql = "SELECT sweep_id FROM sweep_requests WHERE request = @r ORDER BY requested_at";
    private const string RemoveSql = "DELETE FROM sweep_requests WHERE sweep_id = @s AND request = @r";

    public static void Post(string database, string sweepId, string request, DateTimeOffset at)
    {
        using var connection = StoreConnections.OpenJournalDatabase(database);
        ReadModelSchema.EnsureRequests(connection);
        connection.Execute(null, "INSERT INTO sweep_requests (sweep_id, request, requested_at) VALUES (@s, @r, @at) ON CONFLICT (sweep_id, request) DO NOTHING",
            ("@s", sweepId), ("@r", request), ("@at", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
    }

    /// <summary>Whether a request waits; false when none was ever posted to this store.</summary>
    public static bool IsPending(string database, string sweepId, string request) => Pending(database, request).Contains(sweepId);

    /// <summary>The sweeps for which <paramref name="request"/> waits; none when no request was ever posted to this store.</summary>
    public static IReadOnlyList<string> Pending(string database, string request)
    {
        using var connection = StoreConnections.OpenJournalDatabase(database);
        using var exists = connection.Command(null, EventStore.IsPostgreSql(database) ? PostgreSqlTableCount : SqliteTableCount);
        if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            return [];
        using var command = connection.Command(null, PendingSql, ("@r", request));
        using var reader = command.ExecuteReader();
        var sweeps = new List<string>();
        while (reader.Read())
            sweeps.Add(reader.GetString(0));
        return sweeps;
    }

    public static void Remove(string database, string sweepId, string request)
    {
        using var connection = StoreConnections.OpenJournalDatabase(database);
        connection.Execute(null, RemoveSql, ("@s", sweepId), ("@r", request));
    }

    /// <summary><see cref="Pending"/>, asynchronously (for actors).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(string database, string request)
    {
        await using var connection = await StoreConnections.OpenJournalDatabaseAsync(database);
        await using var exists = connection.Command(null, EventStore.IsPostgreSql(database) ? PostgreSqlTableCount : SqliteTableCount);
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
            return [];
        await using var command = connection.Command(null, PendingSql, ("@r", request));
        await using var reader = await command.ExecuteReaderAsync();
        var sweeps = new List<string>();
        while (await reader.ReadAsync())
            sweeps.Add(reader.GetString(0));
        return sweeps;
    }

    /// <summary><see cref="Remove"/>, asynchronously (for actors).</summary>
    public static async Task RemoveAsync(string database, string sweepId, string request)
    {
        await using var connection = await StoreConnections.OpenJournalDatabaseAsync(database);
        await using var command = connection.Command(null, RemoveSql, ("@s", sweepId), ("@r", request));
        await command.ExecuteNonQueryAsync();
    }
}
