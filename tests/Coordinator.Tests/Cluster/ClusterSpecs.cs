using System.Diagnostics;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.Coordinator.Tests.Persistence;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>Cluster specs run one at a time: each starts several processes, and two clusters at once on two cores starve the failure detector.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "multi-process clusters";
}

/// <summary>The cluster with its journal and read model in an SQLite file (one machine).</summary>
[Collection(ClusterCollection.Name)]
public sealed class SqliteClusterSpecs() : ClusterSpecs(null);

/// <summary>The cluster with its journal and read model in PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgreSqlClusterSpecs : ClusterSpecs
{
    private readonly PostgresDatabase _database;

    public PostgreSqlClusterSpecs()
        : this(new PostgresDatabase())
    {
    }

    private PostgreSqlClusterSpecs(PostgresDatabase database)
        : base(database.ConnectionString) => _database = database;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}

/// <summary>A real cluster on loopback: coordinator processes, GPU node processes, a client that submits; processes killed with SIGKILL.</summary>
public abstract class ClusterSpecs(string? postgres) : IDisposable
{
    private readonly SweepChildren _children = new(postgres);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) => _children.Dispose();

    [Fact]
    public async Task A_coordinator_and_two_nodes_run_a_submitted_sweep_to_the_end_on_both_nodes()
    {
        var coordinatorPort = SweepChildren.FreePort();
        var seed = $"127.0.0.1:{coordinatorPort}";
        var coordinator = _children.Sweep("coordinator", "--port", coordinatorPort.ToString());
        Assert.Equal($"akka.tcp://sweepcluster@{seed}", (await coordinator.StandardOutput.ReadLineAsync())?.Trim());
        var nodes = new[] { "n1", "n2" }.Select(name => _children.Sweep("node", "--seed", seed, "--name", name)).ToList();

        var (exitCode, output, _) = await SweepChildren.Finish(_children.Sweep("submit", _children.WriteSweepFile("cluster"), "--coordinator", _children.Api(coordinatorPort.ToString()), "--wait"), TimeSpan.FromMinutes(4));

        Assert.True(exitCode == 0, output);
        var sweepId = output.Split('\n')[0].Trim();
        Assert.Contains($"cluster ({sweepId}): completed, 3/3 done", output);
        var view = (await _children.View(sweepId))!.Value;
        Assert.All(view.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var events = await _children.Events(sweepId);
        var dispatched = events.OfType<TrialDispatched>().ToList();
        // Once each, unless an attempt was given back or failed through no fault of the trial's (a node
        // the failure detector lost under load, a transient libtorch error): then once more for each.
        Assert.All(view.Trials, t => Assert.Equal(
            1 + events.Count(e => e is TrialRequeued r && r.TrialId == t.TrialId || e is TrialFailed { WillRetry: true } f && f.TrialId == t.TrialId),
            dispatched.Count(d => d.TrialId == t.TrialId)));
        Assert.All(view.Trials, t => Assert.Single(events.OfType<TrialFinished>(), f => f.TrialId == t.TrialId));
        Assert.Equal(["n1", "n2"], dispatched.Select(d => d.Node).Distinct().Order());

        // SIGTERM: every process leaves the cluster and ends by itself.
        foreach (var child in nodes.Append(coordinator))
            Process.Start("kill", ["-TERM", child.Id.ToString()])!.WaitForExit();
        foreach (var child in nodes.Append(coordinator))
            Assert.Equal(0, (await SweepChildren.Finish(child, TimeSpan.FromSeconds(60))).ExitCode);
    }

    [Fact]
    public async Task A_node_that_fuses_trains_the_sweep_as_one_group_across_processes()
    {
        var coordinatorPort = SweepChildren.FreePort();
        var seed = $"127.0.0.1:{coordinatorPort}";
        // Its first line comes once the API listens: a submit before it would find no coordinator.
        await _children.Sweep("coordinator", "--port", coordinatorPort.ToString()).StandardOutput.ReadLineAsync();
        _children.Sweep("node", "--seed", seed, "--name", "fuser", "--fuse", "3");

        var (exitCode, output, _) = await SweepChildren.Finish(_children.Sweep("submit", _children.WriteSweepFile("fused-cluster", epochs: 2), "--coordinator", _children.Api(coordinatorPort.ToString()), "--wait"), TimeSpan.FromMinutes(4));

        Assert.True(exitCode == 0, output);
        var sweepId = output.Split('\n')[0].Trim();
        Assert.All((await _children.View(sweepId))!.Value.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var first = (await _children.Events(sweepId)).OfType<TrialDispatched>().Where(d => d.Attempt == 1).ToList();
        Assert.Equal(3, first.Count);
        Assert.All(first, d => Assert.Equal((new FusedGroup(first[0].TrialId + "#1", 3), "fuser"), (d.Group, d.Node)));
    }

    /// <summary>KILL: a death, found by the failure detector, counted as a retry. TERM: a graceful leave (a rolling update), handed back at once, no retry.</summary>
    [Theory]
    [InlineData("KILL", 1)]
    [InlineData("TERM", 0)]
    public async Task A_node_stopped_mid_trial_loses_nothing_its_trial_resumes_on_the_other_node_from_its_checkpoint(string signal, int retries)
    {
        var seed = $"127.0.0.1:{SweepChildren.FreePort()}";
        var coordinator = _children.Sweep("coordinator", "--port", seed.Split(':')[1]);
        await coordinator.StandardOutput.ReadLineAsync();
        var doomed = _children.Sweep("node", "--seed", seed, "--name", "doomed");
        // 8 epochs, so the trial seen at epoch 1 or 2 is far from its end when the signal lands (the read
        // model lags the node): with 4, a loaded machine let it finish on the doomed node first.
        var submit = _children.Sweep("submit", _children.WriteSweepFile("node-loss", epochs: 8), "--coordinator", _children.Api(seed.Split(':')[1]), "--wait");
        var sweepId = (await submit.StandardOutput.ReadLineAsync())!.Trim();
        var killedAt = await _children.WaitFor(sweepId, submit, v => v.Trials.Any(t => t.IsRunning && t.Node == "doomed" && t.LastEpoch is >= 1 and <= 2));
        var killed = killedAt.Trials.Single(t => t.IsRunning && t.Node == "doomed");

        Process.Start("kill", ["-" + signal, doomed.Id.ToString()])!.WaitForExit();
        _children.Sweep("node", "--seed", seed, "--name", "survivor");
        var (exitCode, output, _) = await SweepChildren.Finish(submit, TimeSpan.FromMinutes(4));

        Assert.True(exitCode == 0, output);
        var view = (await _children.View(sweepId))!.Value;
        Assert.All(view.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var events = await _children.Events(sweepId);
        Assert.All(view.Trials, t => Assert.Single(events.OfType<TrialFinished>(), f => f.TrialId == t.TrialId));
        var retried = events.OfType<TrialDispatched>().Where(d => d.TrialId == killed.TrialId).ToList();
        Assert.Equal([("doomed", 1), ("survivor", 2)], retried.Select(d => (d.Node, d.Attempt)));
        var resumedFrom = SweepChildren.Trained(events, killed.TrialId, attempt: 2)[0];
        Assert.True(resumedFrom > 1, $"attempt 2 trained from epoch {resumedFrom}, not after the checkpointed epoch {killed.LastEpoch}");
        Assert.Equal(retries, view.Trials.Single(t => t.TrialId == killed.TrialId).Retries);
        if (signal == "TERM")
            Assert.Equal(0, (await SweepChildren.Finish(doomed, TimeSpan.FromMinutes(1))).ExitCode);
    }

    [Fact]
    public async Task A_coordinator_killed_mid_sweep_and_started_again_finishes_it_with_the_nodes_that_were_running()
    {
        var port = SweepChildren.FreePort().ToString();
        var seed = $"127.0.0.1:{port}";
        var first = _children.Sweep("coordinator", "--port", port);
        await first.StandardOutput.ReadLineAsync();
        foreach (var name in new[] { "n1", "n2" })
            _children.Sweep("node", "--seed", seed, "--name", name);
        var (submitted, output, _) = await SweepChildren.Finish(_children.Sweep("submit", _children.WriteSweepFile("coordinator-loss"), "--coordinator", _children.Api(port)), TimeSpan.FromMinutes(1));
        Assert.True(submitted == 0, output);
        var sweepId = output.Split('\n')[0].Trim();
        // A client following the event stream through the coordinator's death and restart.
        await using var client = new CoordinatorClient([new Uri(_children.Api(port))], token: null, authority: null);
        using var abandon = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var followed = Follow(client, sweepId, abandon.Token);
        var before = await _children.WaitFor(sweepId, first, v => v.Sweep.Done >= 1 && v.Trials.Any(t => t.IsRunning && t.LastEpoch >= 1));
        var finishedBefore = before.Trials.Where(t => t.IsTerminal).Select(t => t.TrialId).ToList();

        Process.Start("kill", ["-9", first.Id.ToString()])!.WaitForExit();
        await first.WaitForExitAsync();
        var second = _children.Sweep("coordinator", "--port", port);

        var after = await _children.WaitFor(sweepId, second, v => v.Sweep.State == States.Completed);
        Assert.All(after.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var events = await _children.Events(sweepId);
        Assert.All(after.Trials, t => Assert.Single(events.OfType<TrialFinished>(), f => f.TrialId == t.TrialId));
        Assert.All(finishedBefore, id => Assert.Single(events.OfType<TrialDispatched>(), d => d.TrialId == id));
        var seen = await followed;
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), seen.Select(e => e.Id));
        Assert.Equal("sweep-completed", seen[^1].Type);
    }

    private static async Task<List<SweepEventDocument>> Follow(CoordinatorClient client, string sweepId, CancellationToken abandon)
    {
        var seen = new List<SweepEventDocument>();
        await foreach (var e in client.EventsAsync(sweepId, after: 0, abandon))
            seen.Add(e);
        return seen;
    }

    [Fact]
    public async Task Killing_the_coordinator_that_holds_the_broker_moves_it_to_the_second_and_the_sweep_finishes()
    {
        var ports = new[] { SweepChildren.FreePort().ToString(), SweepChildren.FreePort().ToString() };
        var seeds = ports.SelectMany(p => new[] { "--seed", $"127.0.0.1:{p}" }).ToArray();
        var oldest = _children.Sweep(["coordinator", "--port", ports[0], .. seeds]);
        await oldest.StandardOutput.ReadLineAsync();
        var second = _children.Sweep(["coordinator", "--port", ports[1], .. seeds]);
        await second.StandardOutput.ReadLineAsync();
        foreach (var name in new[] { "n1", "n2" })
            _children.Sweep(["node", "--name", name, .. seeds]);
        var (submitted, output, _) = await SweepChildren.Finish(_children.Sweep("submit", _children.WriteSweepFile("failover"), "--coordinator", _children.Api(ports[0]), "--coordinator", _children.Api(ports[1])), TimeSpan.FromMinutes(1));
        Assert.True(submitted == 0, output);
        var sweepId = output.Split('\n')[0].Trim();
        var before = await _children.WaitFor(sweepId, second, v => v.Sweep.Done >= 1 && v.Trials.Any(t => t.IsRunning && t.LastEpoch >= 1));
        var finishedBefore = before.Trials.Where(t => t.IsTerminal).Select(t => t.TrialId).ToList();

        Process.Start("kill", ["-9", oldest.Id.ToString()])!.WaitForExit();

        var after = await _children.WaitFor(sweepId, second, v => v.Sweep.State == States.Completed);
        Assert.All(after.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var events = await _children.Events(sweepId);
        Assert.All(after.Trials, t => Assert.Single(events.OfType<TrialFinished>(), f => f.TrialId == t.TrialId));
        Assert.All(finishedBefore, id => Assert.Single(events.OfType<TrialDispatched>(), d => d.TrialId == id));
    }
}
