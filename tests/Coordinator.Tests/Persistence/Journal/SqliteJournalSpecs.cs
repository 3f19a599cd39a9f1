using SweepCluster.TestSupport;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Persistence.Journal;

/// <summary>The journal contract on a fresh SQLite file, configured as the application configures it.</summary>
public sealed class SqliteJournalSpecs : JournalSpecs
{
    private readonly TemporaryFolder _folder;

    public SqliteJournalSpecs(ITestOutputHelper output)
        : this(new TemporaryFolder("sweep-journal-"), output)
    {
    }

    private SqliteJournalSpecs(TemporaryFolder folder, ITestOutputHelper output)
        : base(folder.File("sweeps.db"), output) => _folder = folder;

    protected override void AfterAll()
    {
        base.AfterAll();
        _folder.Dispose();
    }
}
