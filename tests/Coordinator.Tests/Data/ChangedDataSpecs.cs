using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;
using static SweepCluster.Coordinator.Tests.Data.FashionMnistExports;

namespace SweepCluster.Coordinator.Tests.Data;

/// <summary>A sweep recorded its data's fingerprint: running it again on changed files is refused, naming them, until the user allows it.</summary>
public sealed class ChangedDataSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-changed-");

    public void Dispose() => _folder.Dispose();

    private (int ExitCode, string Output) Sweep(params string[] args) =>
        CliRunner.Run([.. args, "--device", "cpu", "--db", _folder.File("sweeps.db"), "--checkpoints", _folder.File("checkpoints")]);

    /// <summary>The console breaks long lines at its width.</summary>
    private static string Unwrapped(string output) => output.Replace("\n", "");

    [Fact]
    public void Resuming_or_running_again_on_a_changed_file_is_refused_until_allowed()
    {
        var (train, test) = Subsets(300, 100, seed: 1);
        var archive = _folder.File("fashion.npz");
        WriteNpz(archive, train, test);
        var file = _folder.Write("own.yaml", $$$"""
            name: own
            dataset: {name: my-fashion, source: npz, path: {{{archive}}}}
            model:
              blocks:
                - {type: conv, filters: 4, pool: {kind: max, size: 2}}
            training: {epochs: 1, conventions: pytorch}
            """);
        var (ran, output) = Sweep("run", file);
        var sweepId = output.Split('\n')[0].Trim();
        WriteNpz(archive, train, test.Select([.. Enumerable.Range(0, 99)]));

        var (resumed, refusal) = Sweep("resume", sweepId);
        var (again, againOutput) = Sweep("run", file);
        var (allowed, allowedOutput) = Sweep("resume", sweepId, "--allow-changed-data");
        var (afterwards, _) = Sweep("resume", sweepId);

        Assert.True(ran == 0, output);
        Assert.Equal(1, resumed);
        Assert.Contains($"Sweep {sweepId} does not run on", Unwrapped(refusal));
        Assert.Contains("1 file(s) changed (fashion.npz)", Unwrapped(refusal));
        Assert.Contains("--allow-changed-data", Unwrapped(refusal));
        Assert.Equal(1, again);
        Assert.StartsWith(sweepId, againOutput);
        Assert.Contains("1 file(s) changed (fashion.npz)", Unwrapped(againOutput));
        Assert.True(allowed == 0, allowedOutput);
        Assert.Contains("Going on with changed data", allowedOutput);
        Assert.Equal(0, afterwards);
    }
}
