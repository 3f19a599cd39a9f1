using Npgsql;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Tests.Persistence;

/// <summary>
/// A fresh database on the throwaway PostgreSQL server that scripts/test.sh starts
/// (scripts/with-postgres.sh), dropped afterwards.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private readonly string _server;
    private readonly string _name = "sweeps_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresDatabase()
    {
        _server = Environment.GetEnvironmentVariable("SWEEP_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SWEEP_TEST_POSTGRES is not set: run the tests through ./scripts/test.sh, which starts a throwaway PostgreSQL server (scripts/with-postgres.sh).");
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        connection.Execute(null, $"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ToString();
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        connection.Execute(null, $"DROP DATABASE {_name} WITH (FORCE)");
    }
}
