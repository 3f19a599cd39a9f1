using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>A real cluster on loopback: a coordinator process, GPU node processes, a client that submits.</summary>
public sealed class ClusterSpecs : IDisposable
{
    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> Finish(Process child, TimeSpan limit)
    {
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await child.WaitForExitAsync(timeout.Token);
        return (child.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task A_coordinator_and_two_nodes_run_a_submitted_sweep_to_the_end_on_both_nodes()
    {
        var coordinatorPort = FreePort();
        var seed = $"127.0.0.1:{coordinatorPort}";
        var coordinator = _children.Sweep("coordinator", "--port", coordinatorPort.ToString());
        Assert.Equal($"akka.tcp://sweepcluster@{seed}", (await coordinator.StandardOutput.ReadLineAsync())?.Trim());
        var nodes = new[] { "n1", "n2" }.Select(name => _children.Sweep("node", "--seed", seed, "--name", name)).ToList();

        var (exitCode, output) = await Finish(_children.Sweep("submit", _children.WriteSweepFile("cluster"), "--coordinator", seed, "--wait"), TimeSpan.FromMinutes(4));

        Assert.True(exitCode == 0, output);
        var sweepId = output.Split('\n')[0].Trim();
        Assert.Contains("completed: 3/3 done", output);
        var view = (await _children.View(sweepId))!.Value;
        Assert.All(view.Trials, t => Assert.Equal(States.Completed, t.State));
        var dispatched = (await _children.Events(sweepId)).OfType<TrialDispatched>().ToList();
        Assert.Equal(3, dispatched.Count);
        Assert.Equal(["n1", "n2"], dispatched.Select(d => d.Node).Distinct().Order());

        // SIGTERM: every process leaves the cluster and ends by itself.
        foreach (var child in nodes.Append(coordinator))
            Process.Start("kill", ["-TERM", child.Id.ToString()])!.WaitForExit();
        foreach (var child in nodes.Append(coordinator))
            Assert.Equal(0, (await Finish(child, TimeSpan.FromSeconds(60))).ExitCode);
    }
}
