using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SweepCluster.Coordinator.Persistence;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// Plain ADO.NET connections to the read model: the PostgreSQL database that holds the journal, or,
/// beside an SQLite journal, a file of its own (<c>sweeps.read.db</c> beside <c>sweeps.db</c>).
/// SQLite lets one writer at a time into a file, and a projector sharing the journal's file stalled
/// the journal's writes (orchestration throughput fell by a quarter; see docs/benchmarks.md).
/// </summary>
public static class StoreConnections
{
    public static DbConnection Open(string database)
    {
        if (EventStore.IsPostgreSql(database))
        {
            var postgres = new NpgsqlConnection(database);
            postgres.Open();
            return postgres;
        }
        var sqlite = new SqliteConnection(EventStore.SqliteConnectionString(ReadModelFile(database)));
        sqlite.Open();
        // WAL so queries never wait for the projector; NORMAL sync, since the journal can rebuild whatever a power cut loses.
        sqlite.Execute(null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        return sqlite;
    }

    /// <summary>The database that holds the journal (the SQLite file itself): for what the read model must not lose.</summary>
    public static DbConnection OpenJournalDatabase(string database)
    {
        if (EventStore.IsPostgreSql(database))
            return Open(database);
        var sqlite = new SqliteConnection(EventStore.SqliteConnectionString(database));
        sqlite.Open();
        return sqlite;
    }

    /// <summary>The same, opened asynchronously (for actors, which must not block on the store).</summary>
    public static async Task<DbConnection> OpenJournalDatabaseAsync(string database)
    {
        DbConnection connection = EventStore.IsPostgreSql(database) ? new NpgsqlConnection(database) : new SqliteConnection(EventStore.SqliteConnectionString(database));
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The read model's SQLite file beside the journal's: <c>dir/name.read.ext</c>.</summary>
    public static string ReadModelFile(string database)
    {
        var full = Path.GetFullPath(database);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".read" + Path.GetExtension(full));
    }

    public static int Execute(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameters(command.Parameters, command.CreateParameter, parameters);
        return command;
    }

    /// <summary>Binds named values (null as SQL NULL) to a command's or a batch command's parameters.</summary>
    public static void AddParameters(DbParameterCollection collection, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            collection.Add(parameter);
        }
    }
}
