using Microsoft.Data.Sqlite;
using Npgsql;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// A store that cannot take a write: SQLite's full, I/O and read-only errors, PostgreSQL's disk-full and
/// read-only-transaction errors. The user's to fix (space, permissions, a mount), not a defect; what the
/// store held before is untouched.
/// </summary>
public static class StoreWriteFailure
{
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    public static bool Matches(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode is SqliteFull or SqliteIoError or SqliteReadOnly,
        PostgresException p => p.SqlState is PostgresErrorCodes.DiskFull or PostgresErrorCodes.ReadOnlySqlTransaction,
        AggregateException { InnerExceptions.Count: 1 } a => Matches(a.InnerExceptions[0]),
        _ => e.InnerException is { } inner && Matches(inner),
    };

    public static string Message(Exception e) =>
        $"the sweep store cannot be written ({e.Message.TrimEnd('.')}): free space on its disk, or make it writable, and run the command again; nothing it recorded before is lost.";
}
