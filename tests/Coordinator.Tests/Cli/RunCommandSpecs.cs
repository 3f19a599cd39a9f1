using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A real sweep through the CLI: real Fashion-MNIST, TorchSharp, the actors and an SQLite store.</summary>
public sealed class RunCommandSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-run-");

    public void Dispose() => _folder.Dispose();

    private string TinySweep() => new TinySweep("tiny") { Seed = 5 }.WriteTo(_folder.Path);

    private (int ExitCode, string Output) Run(string command, string target) =>
        CliRunner.Run(command, target, "--device", "cpu", "--db", Path.Combine(_folder.Path, "sweeps.db"), "--checkpoints", Path.Combine(_folder.Path, "checkpoints"));

    [Fact]
    public void Run_trains_every_trial_ranks_them_and_running_again_retrains_nothing()
    {
        var file = TinySweep();

        var (exitCode, output) = Run("run", file);
        var sweepId = output.Split('\n')[0].Trim();
        // The sweep's own folder: its id and the instance its store drew.
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(_folder.Path, "checkpoints"), sweepId + ".*"));
        var checkpoints = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var (againExit, again) = Run("run", file);
        var (resumeExit, resumed) = Run("resume", sweepId);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("tiny-", sweepId);
        Assert.Contains("2/2 done", output);
        Assert.Equal(2, output.Split('\n').Count(line => line.Contains("│ completed │")));
        Assert.Equal(2, Directory.GetDirectories(folder).Length);
        Assert.Equal((0, 0), (againExit, resumeExit));
        Assert.StartsWith(sweepId, again);
        Assert.DoesNotContain("1 running", again + resumed);
        Assert.Contains("rank", resumed);
        Assert.All(checkpoints, c => Assert.Equal(c.Value, File.GetLastWriteTimeUtc(c.Key)));
    }

    [Fact]
    public void Resuming_without_a_store_says_there_is_nothing_to_resume()
    {
        var (exitCode, output) = Run("resume", "nothing-00000000");

        Assert.Equal(1, exitCode);
        Assert.Contains("nothing to resume", output);
    }
}
