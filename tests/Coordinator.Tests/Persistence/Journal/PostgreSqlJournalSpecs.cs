using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Persistence.Journal;

/// <summary>The journal contract on a fresh database of the throwaway PostgreSQL server (scripts/with-postgres.sh).</summary>
public sealed class PostgreSqlJournalSpecs : JournalSpecs
{
    private readonly PostgresDatabase _database;

    public PostgreSqlJournalSpecs(ITestOutputHelper output)
        : this(new PostgresDatabase(), output)
    {
    }

    private PostgreSqlJournalSpecs(PostgresDatabase database, ITestOutputHelper output)
        : base(database.ConnectionString, output) => _database = database;

    protected override void AfterAll()
    {
        base.AfterAll();
        _database.Dispose();
    }
}
