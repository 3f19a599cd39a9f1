using Microsoft.Data.Sqlite;
using Serilog;
using SweepCluster.Coordinator.Persistence;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// The read model is a projection of the journal: an SQLite read-model file that is no longer a
/// database (overwritten, truncated, its pages corrupt) is removed and rebuilt by the next catch-up,
/// which starts over at each sweep's first event since the offsets went with it.
/// </summary>
public static class ReadModelRepair
{
    private const int NotADatabase = 26;
    private const int Corrupt = 11;

    /// <summary>Creates the read model's tables, first replacing a garbled SQLite file with an empty one.</summary>
    public static void EnsureReadable(string database)
    {
        try
        {
            using var connection = StoreConnections.Open(database);
            ReadModelSchema.Ensure(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is NotADatabase or Corrupt)
        {
            var file = StoreConnections.ReadModelFile(database);
            Log.Warning("The read model {File} is unreadable ({Reason}); rebuilding it from the journal of {Store}", file, e.Message, StoreName.Of(database));
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
            using var connection = StoreConnections.Open(database);
            ReadModelSchema.Ensure(connection);
        }
    }
}
