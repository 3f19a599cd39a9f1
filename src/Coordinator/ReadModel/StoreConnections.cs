using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SweepCluster.Coordinator.Persistence;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>Plain ADO.NET connections to the store that holds the journal: SQLite file or PostgreSQL.</summary>
public static class StoreConnections
{
    public static DbConnection Open(string database)
    {
        DbConnection connection = EventStore.IsPostgreSql(database)
            ? new NpgsqlConnection(database)
            : new SqliteConnection(EventStore.SqliteConnectionString(database));
        connection.Open();
        return connection;
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
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
