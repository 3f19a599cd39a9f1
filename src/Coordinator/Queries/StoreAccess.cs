using System.Data.Common;
using Microsoft.Data.Sqlite;
using Serilog;
using Spectre.Console;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Queries;

/// <summary>Opens the configured store for queries, refusing to create an empty SQLite file by accident.</summary>
public static class StoreAccess
{
    /// <param name="readOnly">False for a command that stores events (cancel).</param>
    public static async Task<StoreSession> OpenAsync(SweepSettings settings, bool readOnly = true)
    {
        var database = settings.Store.Database;
        if (!EventStore.IsPostgreSql(database) && !File.Exists(database))
            throw new StoreException($"No sweep store at {StoreName.Of(database)}: run a sweep first, or pass --db.");
        try
        {
            if (readOnly && !HasJournal(database))
                throw new StoreException($"The sweep store {StoreName.Of(database)} has no journal yet (a run is creating it?): try again in a moment.");
            // A plain connection first: an unreachable server is then its driver's error, not a journal plugin's timeout.
            using (StoreConnections.OpenJournalDatabase(database))
            {
                var session = await StoreSession.OpenAsync(database, readOnly);
                foreach (var unreadable in session.Unreadable)
                    Log.Warning(unreadable, "{Reason}", unreadable.Message);
                return session;
            }
        }
        catch (DbException e)
        {
            throw new StoreException($"Cannot read the sweep store {StoreName.Of(database)}: {e.Message}");
        }
    }

    /// <summary>
    /// Whether the store exists with its journal: a run creates the SQLite file before its tables, and
    /// a read-only session cannot create them. A PostgreSQL server's tables are the server's to report.
    /// </summary>
    public static bool HasJournal(string database)
    {
        if (EventStore.IsPostgreSql(database))
            return true;
        if (!File.Exists(database))
            return false;
        using var connection = new SqliteConnection(ReadOnlySqlite.ConnectionString(database));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The sweep, when the store holds it and can read all of it.</summary>
    public static SweepSummary Sweep(StoreSession queries, string sweepId, SweepSettings settings) =>
        queries.Unreadable.FirstOrDefault(u => u.SweepId == sweepId) is { } unreadable
            ? throw new StoreException(unreadable.Message)
            : queries.Reader.Sweep(sweepId) ?? throw new StoreException($"No sweep '{sweepId}' in {StoreName.Of(settings.Store.Database)}; list them with ./sweep list.");

    /// <summary>Every sweep the store can read all of; one warning line on <paramref name="console"/> (when given) for each other.</summary>
    public static IReadOnlyList<SweepSummary> ReadableSweeps(StoreSession queries, IAnsiConsole? console)
    {
        foreach (var unreadable in queries.Unreadable)
            console?.MarkupLineInterpolated($"[yellow]warning:[/] {unreadable.Message}");
        return [.. queries.Reader.Sweeps().Where(s => queries.Unreadable.All(u => u.SweepId != s.SweepId))];
    }
}
