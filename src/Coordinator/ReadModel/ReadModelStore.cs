using System.Data.Common;
using Microsoft.Data.Sqlite;
using Serilog;
using SQLitePCL;
using SweepCluster.Coordinator.Persistence;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// Where a process keeps the read model: beside the journal (<see cref="StoreConnections"/>), or, for
/// queries on an SQLite store they cannot write (a read-only mount), in memory for the session,
/// projected from the journal like any rebuild.
/// </summary>
public sealed class ReadModelStore : IDisposable
{
    private readonly string _database;
    private readonly SqliteConnection? _memory;

    private ReadModelStore(string database, SqliteConnection? memory)
    {
        _database = database;
        _memory = memory;
    }

    public static ReadModelStore Beside(string database) => new(database, null);

    /// <summary>Beside the journal when that can be written (a garbled file rebuilt), else in memory.</summary>
    public static ReadModelStore ForQueries(string database)
    {
        if (EventStore.IsPostgreSql(database) || Writable(StoreConnections.ReadModelFile(database)))
        {
            ReadModelRepair.EnsureReadable(database);
            return Beside(database);
        }
        Log.Information("The read model beside {Store} cannot be written; projecting the journal in memory for this query", StoreName.Of(database));
        // A shared in-memory database lives while one connection to it is open: this one, until disposed.
        var memory = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = "read-model-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString());
        memory.Open();
        ReadModelSchema.Ensure(memory);
        return new ReadModelStore(database, memory);
    }

    public DbConnection Open()
    {
        if (_memory is null)
            return StoreConnections.Open(_database);
        var connection = new SqliteConnection(_memory.ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose() => _memory?.Dispose();

    /// <summary>Whether SQLite may write the file (or create it): false on a read-only mount, even for root.</summary>
    private static bool Writable(string file)
    {
        using var connection = new SqliteConnection(EventStore.SqliteConnectionString(file));
        try
        {
            connection.Open();
            return raw.sqlite3_db_readonly(connection.Handle, "main") == 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
