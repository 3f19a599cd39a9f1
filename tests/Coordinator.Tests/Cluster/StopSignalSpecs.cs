using System.Diagnostics;
using SweepCluster.Coordinator.Tests.Cli;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>Long-running processes honour SIGTERM (docker stop, systemd, Kubernetes) at any moment, start-up included.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StopSignalSpecs : IDisposable
{
    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(3000)]
    public async Task A_coordinator_sent_SIGTERM_while_it_starts_or_runs_leaves_and_exits_0(int afterMilliseconds)
    {
        var coordinator = _children.Sweep("coordinator", "--port", SweepChildren.FreePort().ToString());
        if (afterMilliseconds > 0)
            await Task.Delay(afterMilliseconds);
        else
            await coordinator.StandardOutput.ReadLineAsync(); // its address: the cluster is starting

        Process.Start("kill", ["-TERM", coordinator.Id.ToString()])!.WaitForExit();
        var (exitCode, output, errors) = await SweepChildren.Finish(coordinator, TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, $"exit code {exitCode}: {output} {errors}");
        Assert.DoesNotContain("   at ", errors);
    }
}
