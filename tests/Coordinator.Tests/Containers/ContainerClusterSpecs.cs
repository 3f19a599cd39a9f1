using System.Diagnostics;
using System.Globalization;
using System.Text;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Containers;

/// <summary>
/// The images and deploy/k8s as an operator runs them: a coordinator pod and two GPU-node pods in
/// containers, each on its own address, a user's sweep submitted from this machine through the
/// published API, then a node killed, a node cut off from the network and back, and the coordinator
/// stopped and started again. Writes what it measured to artifacts/test-results/containers.md.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class ContainerClusterSpecs(ContainerImages images, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);
    private const string NodeA = "sweep-gpu-node-6d4cf56db6-b8x2k";
    private const string NodeB = "sweep-gpu-node-6d4cf56db6-q7m4z";
    private const string NodeC = "sweep-gpu-node-6d4cf56db6-w9t5r";

    [Fact]
    public async Task A_users_sweep_runs_on_the_containers_and_every_trial_survives_a_killed_node_a_partition_and_a_coordinator_restart()
    {
        await using var cluster = new ContainerCluster();
        var record = new StringBuilder($"Images built in {images.BuildTime.TotalSeconds:0} s:\n\n```\n{images.Sizes.Trim()}\n```\n");
        await cluster.Start();
        await cluster.StartCoordinator();
        await cluster.StartNode(NodeA, 11);
        await cluster.StartNode(NodeB, 12);
        await WaitForNodes(cluster, NodeA, NodeB);

        // The quickstart, as a user submits it from a laptop through a port-forward.
        var watch = Stopwatch.StartNew();
        var quickstart = await Client(cluster, "submit", RepositoryPaths.Example("quickstart.yaml"), "--wait");
        var quickstartId = quickstart.Split('\n')[0].Trim();
        Assert.Contains($"quickstart ({quickstartId}): completed, 4/4 done", quickstart);
        var board = await Client(cluster, "leaderboard", quickstartId, "--csv");
        Assert.Contains(NodeA, board);
        Assert.Contains(NodeB, board);
        record.Append(CultureInfo.InvariantCulture, $"\nQuickstart submitted from the host, {watch.Elapsed.TotalSeconds:0} s to the end:\n\n```\n{quickstart.Trim()}\n```\n");

        // A longer sweep of distinct architectures (one trial per group, a few seconds each here), for the failures.
        var file = new TinySweep("failures")
        {
            Seed = 5,
            Subset = 8000,
            TestSubset = 200,
            Epochs = 6,
            LearningRates = [],
            Search = "strategy: grid\nparameters:\n  model.blocks[0].filters: [16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38]",
        }.WriteTo(Path.GetDirectoryName(cluster.Store)!);
        var sweepId = (await Client(cluster, "submit", file)).Split('\n')[0].Trim();

        // 1. Kill node A in the middle of a trial: the trial resumes on node B from the shared checkpoints.
        var killed = await Until(cluster, sweepId, v => v.Trials.FirstOrDefault(t => t.IsRunning && t.Node == NodeA && t.LastEpoch >= 1), "node A never trained an epoch");
        var killedAt = DateTimeOffset.UtcNow;
        await Podman.Run("kill", NodeA);
        var resumed = await Until(cluster, sweepId, v => v.Events.OfType<TrialDispatched>().FirstOrDefault(d => d.TrialId == killed.TrialId && d.Attempt > 1),
            "the killed node's trial was never dispatched again");
        Assert.Equal(NodeB, resumed.Node);

        // 2. Cut node B, now the only node, off until the coordinator has downed it and re-queued its trials; then heal the partition.
        var cut = await Until(cluster, sweepId, v => v.Trials.FirstOrDefault(t => t.IsRunning && t.Node == NodeB && t.LastEpoch >= 1), "node B never trained an epoch");
        var disconnected = DateTimeOffset.UtcNow;
        await Podman.Run("network", "disconnect", cluster.Network, NodeB);
        var requeued = await Until(cluster, sweepId, v => v.Events.OfType<TrialRequeued>().FirstOrDefault(r => r.TrialId == cut.TrialId && r.At > disconnected),
            "node B's trial was never re-queued while it was cut off");
        var reconnected = DateTimeOffset.UtcNow;
        await Podman.Run("network", "connect", "--ip", cluster.Address(12), cluster.Network, NodeB);
        var next = await Until(cluster, sweepId, v => v.Events.OfType<TrialDispatched>().FirstOrDefault(d => d.Node == NodeB && d.At > reconnected),
            "node B never trained again after it came back");
        // A new pod in node A's place, as the Deployment would start it.
        await cluster.StartNode(NodeC, 13);

        // 3. Stop and start the coordinator in the middle of the sweep (its pod deleted and recreated, on the same store).
        var stopped = await Until(cluster, sweepId, v => v, "the store could not be read");
        Assert.True(stopped.Summary.Queued + stopped.Summary.Running > 0, "the sweep had nothing left to run when the coordinator stopped");
        await Podman.Run("stop", "sweep-coordinator-0");
        await Podman.Run("start", "sweep-coordinator-0");
        var done = await Until(cluster, sweepId, v => v.Summary.State != States.Running ? v : null, "the sweep never ended after the coordinator came back", untilEnd: true);

        Assert.Equal(States.Completed, done.Summary.State);
        var finished = done.Events.OfType<TrialFinished>().GroupBy(f => f.TrialId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(12, finished.Count);
        Assert.All(finished, f => Assert.True(f.Value == 1, $"trial {f.Key} has {f.Value} results"));
        Assert.All(done.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var epochs = done.Events.OfType<EpochRecorded>().Where(e => e.TrialId == killed.TrialId).Select(e => e.Metrics.Epoch).Distinct().Order();
        Assert.Equal(Enumerable.Range(1, 6), epochs);
        // Its later attempts started from its checkpoint: none trained epoch 1 again.
        var lastAttempt = done.Trials.Single(t => t.TrialId == killed.TrialId).Attempt;
        var retrained = Enumerable.Range(2, lastAttempt - 1).SelectMany(a => SweepChildren.Trained(done.Events, killed.TrialId, a)).ToList();
        Assert.True(retrained.Count > 0 && retrained[0] > 1, $"the killed trial's later attempts trained epochs [{string.Join(",", retrained)}]: not from its checkpoint");

        record.Append(CultureInfo.InvariantCulture, $"""

            Failures on sweep {sweepId} (12 trials of 6 epochs, distinct architectures):
            - node A killed in trial {killed.TrialId} at epoch {killed.LastEpoch}: dispatched again to node B {(resumed.At - killedAt).TotalSeconds:0.0} s later (attempt {resumed.Attempt}); its later attempts ({lastAttempt} in all) trained epochs {string.Join(",", retrained)} themselves, the others came from its checkpoint
            - node B cut off for {(reconnected - disconnected).TotalSeconds:0} s: disconnect to re-queue {(requeued.At - disconnected).TotalSeconds:0.0} s; reconnect to its next trial {(next.At - reconnected).TotalSeconds:0.0} s
            - coordinator stopped and started with {stopped.Summary.Finished} of 12 trials finished; the sweep completed, each trial finished exactly once
            """);
        await WriteRecord(record.ToString());
    }

    private async Task<string> Client(ContainerCluster cluster, params string[] args)
    {
        var (exitCode, text, errors) = await SweepChildren.Finish(ContainerCluster.Client([.. args, "--coordinator", cluster.Api, "--token-file", cluster.TokenFile]), Limit);
        Assert.True(exitCode == 0, $"sweep {string.Join(' ', args)}: {exitCode} {text} {errors}\n{await cluster.Logs("sweep-coordinator-0")}");
        return text;
    }

    private static async Task WaitForNodes(ContainerCluster cluster, params string[] nodes)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(cluster.TokenFile)).Trim());
        await Poll.Until(async () =>
        {
            try
            {
                var body = await http.GetStringAsync($"{cluster.Api}/api/v1/nodes");
                return nodes.All(body.Contains);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3), $"the nodes never showed at the coordinator's API: {await cluster.Logs("sweep-coordinator-0")}", TimeSpan.FromSeconds(1));
    }

    private sealed record View(SweepSummary Summary, IReadOnlyList<TrialRecord> Trials, IReadOnlyList<ISweepEvent> Events);

    /// <summary>
    /// Reads the coordinator's store until <paramref name="found"/> finds something in it; fails at
    /// once when the sweep ended first, unless waiting for its end.
    /// </summary>
    private static async Task<T> Until<T>(ContainerCluster cluster, string sweepId, Func<View, T?> found, string failure, bool untilEnd = false) where T : class
    {
        var ended = false;
        return (await Poll.Until(async () =>
        {
            var view = await Read(cluster.Store, sweepId);
            ended = !untilEnd && view?.Summary.State is { } state && state != States.Running;
            return view is null ? null : found(view);
        }, answer => answer is not null, Limit, failure, TimeSpan.FromSeconds(1), abandon: () => ended))!;
    }

    private static async Task<View?> Read(string store, string sweepId)
    {
        if (!File.Exists(store))
            return null;
        try
        {
            await using var session = await StoreSession.OpenAsync(store);
            if (session.Reader.Sweep(sweepId) is not { } summary)
                return null;
            var journal = PersistenceQuery.Get(session.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var envelopes = await journal.CurrentEventsByPersistenceId(JournalNames.PersistenceId(sweepId), 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), session.System.Materializer());
            return new View(summary, session.Reader.Trials(sweepId), [.. envelopes.Select(e => (ISweepEvent)e.Event)]);
        }
        catch (Exception e) when (e.Message.Contains("no such table") || e.Message.Contains("locked"))
        {
            return null;
        }
    }

    private async Task WriteRecord(string text)
    {
        output.WriteLine(text);
        var folder = Path.Combine(RepositoryPaths.Root(), "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "containers.md"), text);
    }
}
