using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Sweeps;

public sealed class TrialFoldersSpecs : IDisposable
{
    private readonly TemporaryFolder _root = new("trial-folders-");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Generations_after_the_first_get_their_own_folder_and_the_latest_on_disk_is_found()
    {
        var sweep = Path.Combine(_root.Path, "s");
        Assert.Equal(Path.Combine(sweep, "t1"), TrialFolders.Latest(sweep, "t1"));
        foreach (var generation in new[] { 0, 2, 9, 10 })
            Directory.CreateDirectory(TrialFolders.Of(sweep, "t1", generation));
        Directory.CreateDirectory(TrialFolders.Of(sweep, "t11", 12));

        Assert.Equal(Path.Combine(sweep, "t1.pbt-10"), TrialFolders.Latest(sweep, "t1"));
        Assert.Equal(Path.Combine(sweep, "t2"), TrialFolders.Latest(sweep, "t2"));
    }

    [Fact]
    public void A_sweep_recorded_with_its_checkpoints_uses_its_own_root_and_instance_whatever_the_current_root()
    {
        var recorded = SweepCheckpoints.Draw(Path.Combine(_root.Path, "recorded"));

        Assert.Equal(Path.Combine(_root.Path, "recorded", "s." + recorded.Instance), TrialFolders.Sweep(recorded, Path.Combine(_root.Path, "current"), "s"));
        Assert.Equal(Path.Combine(_root.Path, "current", "s"), TrialFolders.Sweep(null, Path.Combine(_root.Path, "current"), "s"));
    }

    [Fact]
    public void Two_stores_that_record_one_sweep_draw_different_folders()
    {
        var first = SweepCheckpoints.Draw(_root.Path);
        var second = SweepCheckpoints.Draw(_root.Path);

        Assert.NotEqual(first.Folder("s"), second.Folder("s"));
        Assert.Matches("^[0-9a-f]{12}$", first.Instance);
    }
}
