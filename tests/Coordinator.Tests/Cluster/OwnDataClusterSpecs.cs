using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;
using static SweepCluster.Coordinator.Tests.Data.FashionMnistExports;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>
/// A user's own data in a cluster: the coordinator reads it from its data root at submission, each
/// node from its own, and a node whose copy is not the recorded data refuses to train on it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OwnDataClusterSpecs : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly SweepChildren _children = new();
    private readonly TemporaryFolder _coordinatorData = new("sweep-data-c-");
    private readonly TemporaryFolder _staleData = new("sweep-data-n-");

    public void Dispose()
    {
        _children.Dispose();
        foreach (var data in new[] { _coordinatorData, _staleData })
        {
            data.Dispose();
            if (Directory.Exists(data.Path + ".cache"))
                Directory.Delete(data.Path + ".cache", recursive: true);
        }
    }

    /// <summary>Children started from now on read datasets from <paramref name="root"/> and keep their dataset cache beside it, as separate machines would.</summary>
    private void DataRoot(string root)
    {
        _children.Environment["SWEEP_Datasets__Root"] = root;
        _children.Environment["SWEEP_Datasets__Cache"] = root + ".cache";
    }

    [Fact]
    public async Task A_node_with_another_copy_refuses_the_trial_one_with_the_recorded_data_trains_it_and_a_changed_file_stops_a_resume()
    {
        var (train, test) = Subsets(300, 100, seed: 1);
        WriteNpz(_coordinatorData.File("fashion.npz"), train, test);
        WriteNpz(_staleData.File("fashion.npz"), train, test.Select([.. Enumerable.Range(0, 90)]));
        var port = SweepChildren.FreePort().ToString();
        var seed = $"127.0.0.1:{port}";
        DataRoot(_coordinatorData.Path);
        var coordinator = _children.Sweep("coordinator", "--port", port);
        Assert.Equal($"akka.tcp://sweepcluster@{seed}", (await coordinator.StandardOutput.ReadLineAsync())?.Trim());
        var api = _children.Api(port);
        DataRoot(_staleData.Path);
        var stale = _children.Sweep("node", "--seed", seed, "--name", "stale");
        // Named relative to the data root: the laptop's own path of the file means nothing to the cluster.
        var file = _children.WriteFile("own.yaml", """
            name: own
            dataset: {name: my-fashion, source: npz, path: fashion.npz}
            model:
              blocks:
                - {type: conv, filters: 4, pool: {kind: max, size: 2}}
            training: {epochs: 1, conventions: pytorch}
            """);

        var sweepId = (await Finished("submit", file, "--coordinator", api)).Split('\n')[0].Trim();
        var refused = await Poll.Until(
            async () => (await _children.Events(sweepId)).OfType<TrialFailed>().ToList(), failed => failed.Count > 0, Limit, "the stale node never refused the trial");
        // Gone before the trial's retry, so the node with the recorded data is the one to take it.
        stale.Kill(entireProcessTree: true);
        DataRoot(_coordinatorData.Path);
        _children.Sweep("node", "--seed", seed, "--name", "current");
        var done = await _children.WaitFor(sweepId, coordinator, view => view.Sweep.State == States.Completed);
        File.AppendAllText(_coordinatorData.File("fashion.npz"), "x");
        var (resumeExit, resumeOutput, resumeErrors) = await SweepChildren.Finish(_children.Sweep("resume", sweepId, "--coordinator", api), Limit);
        var allowed = await Finished("resume", sweepId, "--coordinator", api, "--allow-changed-data");

        Assert.Contains("changed since the sweep recorded it", refused[0].Error);
        Assert.Contains(_staleData.File("fashion.npz"), refused[0].Error);
        Assert.Equal("current", Assert.Single(done.Trials).Node);
        Assert.Equal(1, resumeExit);
        Assert.Contains("1 file(s) changed (fashion.npz)", resumeOutput + resumeErrors);
        Assert.Contains($"{sweepId} completed", allowed);
        Assert.Contains((await _children.Events(sweepId)).OfType<ChangedDataAccepted>(), a => a.From == done.Trials[0].Spec.Dataset.Fingerprint);
    }

    private async Task<string> Finished(params string[] args)
    {
        var (exitCode, output, errors) = await SweepChildren.Finish(_children.Sweep(args), Limit);
        Assert.True(exitCode == 0, $"sweep {string.Join(' ', args)}: {exitCode} {output} {errors}");
        return output;
    }
}
