using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Persistence.Journal;

/// <summary>The snapshot-store contract on a fresh database of the throwaway PostgreSQL server (scripts/with-postgres.sh).</summary>
public sealed class PostgreSqlSnapshotStoreSpecs : SnapshotStoreSpecs
{
    private readonly PostgresDatabase _database;

    public PostgreSqlSnapshotStoreSpecs(ITestOutputHelper output)
        : this(new PostgresDatabase(), output)
    {
    }

    private PostgreSqlSnapshotStoreSpecs(PostgresDatabase database, ITestOutputHelper output)
        : base(database.ConnectionString, output) => _database = database;

    protected override void AfterAll()
    {
        base.AfterAll();
        _database.Dispose();
    }
}
