using System.Security.Cryptography;
using System.Text;
using Npgsql;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Ownership;

/// <summary>
/// One process at a time runs a sweep: it holds the sweep's lock for as long as it runs it, and the
/// lock dies with the process (a kernel file lock beside an SQLite store, a session advisory lock in
/// PostgreSQL), so a crashed run never leaves a stale lock behind.
/// </summary>
public sealed class SweepLock : IDisposable
{
    private readonly IDisposable _held;

    private SweepLock(IDisposable held) => _held = held;

    /// <summary>The sweep's lock, or null while another process holds it.</summary>
    public static SweepLock? TryAcquire(string database, string sweepId) =>
        EventStore.IsPostgreSql(database) ? TryAdvisoryLock(database, sweepId) : TryFileLock(database, sweepId);

    /// <summary>The same, off the caller's thread (for actors): the file lock on the thread pool, PostgreSQL's asynchronously.</summary>
    public static async Task<SweepLock?> TryAcquireAsync(string database, string sweepId) =>
        EventStore.IsPostgreSql(database) ? await TryAdvisoryLockAsync(database, sweepId) : await Task.Run(() => TryFileLock(database, sweepId));

    public void Dispose() => _held.Dispose();

    private static SweepLock? TryFileLock(string database, string sweepId)
    {
        var folder = Path.GetFullPath(database) + ".locks";
        Directory.CreateDirectory(folder);
        try
        {
            // FileShare.None takes flock(LOCK_EX) on Linux: exclusive across processes, released by the kernel on exit.
            return new SweepLock(new FileStream(Path.Combine(folder, sweepId + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static SweepLock? TryAdvisoryLock(string database, string sweepId)
    {
        // Unpooled: closing it must end the session, which is what releases the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.Command(null, "SELECT pg_try_advisory_lock(@k)", ("@k", LockKey(sweepId)));
        if (command.ExecuteScalar() is true)
            return new SweepLock(connection);
        connection.Dispose();
        return null;
    }

    private static async Task<SweepLock?> TryAdvisoryLockAsync(string database, string sweepId)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync();
            await using var command = connection.Command(null, "SELECT pg_try_advisory_lock(@k)", ("@k", LockKey(sweepId)));
            if (await command.ExecuteScalarAsync() is true)
                return new SweepLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private static long LockKey(string sweepId) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("sweep-lock:" + sweepId)), 0);
}
