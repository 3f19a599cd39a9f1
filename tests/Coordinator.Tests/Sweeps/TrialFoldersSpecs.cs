using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

public sealed class TrialFoldersSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trial-folders-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Generations_after_the_first_get_their_own_folder_and_the_latest_on_disk_is_found()
    {
        Assert.Equal(Path.Combine(_root, "s", "t1"), TrialFolders.Latest(_root, "s", "t1"));
        foreach (var generation in new[] { 0, 2, 9, 10 })
            Directory.CreateDirectory(TrialFolders.Of(_root, "s", "t1", generation));
        Directory.CreateDirectory(TrialFolders.Of(_root, "s", "t11", 12));

        Assert.Equal(Path.Combine(_root, "s", "t1.pbt-10"), TrialFolders.Latest(_root, "s", "t1"));
        Assert.Equal(Path.Combine(_root, "s", "t2"), TrialFolders.Latest(_root, "s", "t2"));
    }
}
