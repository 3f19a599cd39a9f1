using SweepCluster.TestSupport;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Persistence.Journal;

/// <summary>The snapshot-store contract on a fresh SQLite file, configured as the application configures it.</summary>
public sealed class SqliteSnapshotStoreSpecs : SnapshotStoreSpecs
{
    private readonly TemporaryFolder _folder;

    public SqliteSnapshotStoreSpecs(ITestOutputHelper output)
        : this(new TemporaryFolder("sweep-snapshots-"), output)
    {
    }

    private SqliteSnapshotStoreSpecs(TemporaryFolder folder, ITestOutputHelper output)
        : base(folder.File("sweeps.db"), output) => _folder = folder;

    protected override void AfterAll()
    {
        base.AfterAll();
        _folder.Dispose();
    }
}
