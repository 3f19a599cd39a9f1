using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>
/// The work broker and sweep coordinator as a node sees them: test probes play the GPU nodes, the
/// journal is a real SQLite file. How many leases a node is owed is <see cref="DemandLedgerSpecs"/>'s.
/// </summary>
public sealed class CoordinatorProtocolSpecs : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly TemporaryFolder _folder;
    private readonly IActorRef _broker;

    public CoordinatorProtocolSpecs(ITestOutputHelper output)
        : this(new TemporaryFolder("sweep-protocol-"), output)
    {
    }

    private CoordinatorProtocolSpecs(TemporaryFolder folder, ITestOutputHelper output)
        : base(EventStore.SystemConfiguration(folder.File("sweeps.db")), "protocol", output)
    {
        _folder = folder;
        Settings = CoordinatorSettings.Default(folder.File("checkpoints")) with { SnapshotEvery = 5 };
        _broker = Sys.ActorOf(WorkBroker.Props(Settings), "broker");
    }

    private CoordinatorSettings Settings { get; }

    protected override void AfterAll()
    {
        base.AfterAll();
        _folder.Dispose();
    }

    private static SubmitSweep Submit(int trials) => new("s", "sweep", "s.yaml", "name: sweep",
        [.. Enumerable.Range(0, trials).Select(i => new TrialDefinition($"t{i}", i, $"trial {i}", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), i), 1, 0))]);

    private static TrialOutcome Completed => new(TrialStatus.Completed, 1, null, null, null);

    private async Task<IActorRef> Submitted(int trials)
    {
        await _broker.Ask<SweepState>(Submit(trials), TimeSpan.FromSeconds(10));
        return await _broker.Ask<IActorRef>(new OpenSweep("s"), TimeSpan.FromSeconds(10));
    }

    private async Task<SweepState> State(IActorRef sweep) => await sweep.Ask<SweepState>(new GetSweepState("s"), TimeSpan.FromSeconds(10));

    /// <summary>The assignment, and the coordinator to report to (its sender).</summary>
    private async Task<(AssignTrial Trial, IActorRef Coordinator)> Assigned(Akka.TestKit.TestProbe node)
    {
        var trial = await node.ExpectMsgAsync<AssignTrial>(TimeSpan.FromSeconds(10));
        return (trial, node.LastSender);
    }

    [Fact]
    public async Task A_sweep_completes_when_every_trial_reported_and_then_leases_nothing()
    {
        var sweep = await Submitted(2);
        var node = CreateTestProbe();
        _broker.Tell(new RequestWork("n1", 2, "cpu", 0), node.Ref);

        foreach (var (trial, coordinator) in new[] { await Assigned(node), await Assigned(node) })
        {
            coordinator.Tell(new EpochDone("s", trial.TrialId, 1, "n1", new EpochMetrics(1, 0.5, 0.8, 0.6, 0.7, 1e-3, 1, 100)), node.Ref);
            coordinator.Tell(new TrialDone("s", trial.TrialId, 1, "n1", Completed), node.Ref);
        }
        await AwaitConditionAsync(async () => (await State(sweep)).Phase == SweepPhase.Completed, TimeSpan.FromSeconds(10));
        _broker.Tell(new RequestWork("n1", 2, "cpu", 2), node.Ref);

        await node.ExpectNoMsgAsync(Quiet);
        Assert.All((await State(sweep)).Trials.Values, t => Assert.Equal((TrialPhase.Finished, 1), (t.Phase, t.LastEpoch)));
    }

    [Fact]
    public async Task A_failure_that_is_not_the_trials_own_runs_again_as_a_new_attempt_and_its_own_does_not()
    {
        var sweep = await Submitted(2);
        var node = CreateTestProbe();
        _broker.Tell(new RequestWork("n1", 2, "cpu", 0), node.Ref);
        var (t0, coordinator) = await Assigned(node);
        await Assigned(node);

        coordinator.Tell(new TrialCrashed("s", "t0", 1, "n1", "CUDA out of memory", TrialsFault: false), node.Ref);
        coordinator.Tell(new TrialCrashed("s", "t1", 1, "n1", "bad shape", TrialsFault: true), node.Ref);
        _broker.Tell(new RequestWork("n1", 2, "cpu", 2), node.Ref);

        var retry = await Assigned(node);
        Assert.Equal(("t0", 2), (retry.Trial.TrialId, retry.Trial.Attempt));
        await node.ExpectNoMsgAsync(Quiet);
        var state = await State(sweep);
        Assert.Equal((TrialPhase.Failed, "bad shape"), (state.Trials["t1"].Phase, state.Trials["t1"].Error));
        Assert.Equal(1, state.Trials["t0"].Retries);
        Assert.Equal(t0.TrialId, retry.Trial.TrialId);
    }

    [Fact]
    public async Task Reports_about_an_old_attempt_are_dropped()
    {
        var sweep = await Submitted(1);
        var node = CreateTestProbe();
        _broker.Tell(new RequestWork("n1", 1, "cpu", 0), node.Ref);
        var (_, coordinator) = await Assigned(node);
        coordinator.Tell(new TrialCrashed("s", "t0", 1, "n1", "node hiccup", TrialsFault: false), node.Ref);
        _broker.Tell(new RequestWork("n1", 1, "cpu", 1), node.Ref);
        await Assigned(node);

        coordinator.Tell(new TrialDone("s", "t0", 1, "n1", Completed), node.Ref);
        coordinator.Tell(new EpochDone("s", "t0", 1, "n1", new EpochMetrics(7, 0.5, 0.8, 0.6, 0.7, 1e-3, 1, 100)), node.Ref);

        var state = await State(sweep);
        Assert.Equal((TrialPhase.Running, 2, 0), (state.Trials["t0"].Phase, state.Trials["t0"].Attempt, state.Trials["t0"].LastEpoch));
        Assert.Equal(SweepPhase.Running, state.Phase);
    }

    [Fact]
    public async Task A_cancelled_sweep_stops_its_running_trials_at_their_next_epoch_and_leases_nothing()
    {
        var sweep = await Submitted(3);
        var node = CreateTestProbe();
        _broker.Tell(new RequestWork("n1", 1, "cpu", 0), node.Ref);
        var (t0, coordinator) = await Assigned(node);

        await sweep.Ask<SweepState>(new CancelSweep("s"), TimeSpan.FromSeconds(10));
        coordinator.Tell(new EpochDone("s", t0.TrialId, 1, "n1", new EpochMetrics(1, 0.5, 0.8, 0.6, 0.7, 1e-3, 1, 100)), node.Ref);

        Assert.Equal((t0.TrialId, 1), await node.ExpectMsgAsync<StopTrial>(TimeSpan.FromSeconds(10)) is var stop ? (stop.TrialId, stop.Attempt) : default);
        _broker.Tell(new RequestWork("n1", 1, "cpu", 1), node.Ref);
        await node.ExpectNoMsgAsync(Quiet);
        Assert.Equal(SweepPhase.Cancelled, (await State(sweep)).Phase);
    }

    [Fact]
    public async Task A_node_that_dies_loses_its_leases_to_the_next_node_as_new_attempts()
    {
        var sweep = await Submitted(2);
        var doomed = CreateTestProbe();
        _broker.Tell(new RequestWork("n1", 2, "cpu", 0), doomed.Ref);
        await Assigned(doomed);
        await Assigned(doomed);

        Sys.Stop(doomed.Ref);
        var survivor = CreateTestProbe();
        await AwaitConditionAsync(async () => (await State(sweep)).Queued == 2, TimeSpan.FromSeconds(10));
        _broker.Tell(new RequestWork("n2", 2, "cpu", 0), survivor.Ref);

        var again = new[] { await Assigned(survivor), await Assigned(survivor) };
        Assert.Equal([("t0", 2), ("t1", 2)], again.Select(a => (a.Trial.TrialId, a.Trial.Attempt)).Order());
        Assert.All((await State(sweep)).Trials.Values, t => Assert.Equal((1, "n2"), (t.Retries, t.Node)));
    }

    [Fact]
    public async Task A_node_that_leaves_gives_its_leases_back_at_once_without_counting_a_retry()
    {
        var sweep = await Submitted(2);
        var leaving = CreateTestProbe();
        _broker.Tell(new RequestWork("n1", 2, "cpu", 0), leaving.Ref);
        await Assigned(leaving);
        await Assigned(leaving);

        _broker.Tell(new NodeLeaving("n1"), leaving.Ref);
        await AwaitConditionAsync(async () => (await State(sweep)).Queued == 2, TimeSpan.FromSeconds(10));
        Sys.Stop(leaving.Ref); // and its end afterwards releases nothing twice
        var next = CreateTestProbe();
        _broker.Tell(new RequestWork("n2", 2, "cpu", 0), next.Ref);

        var again = new[] { await Assigned(next), await Assigned(next) };
        Assert.Equal([("t0", 2), ("t1", 2)], again.Select(a => (a.Trial.TrialId, a.Trial.Attempt)).Order());
        await next.ExpectNoMsgAsync(Quiet);
        Assert.All((await State(sweep)).Trials.Values, t => Assert.Equal((0, "n2"), (t.Retries, t.Node)));
    }

    [Fact]
    public async Task A_restarted_coordinator_recovers_from_its_snapshot_and_later_events_to_the_same_state()
    {
        var sweep = await Submitted(3);
        var node = CreateTestProbe();
        _broker.Tell(new RequestWork("n1", 3, "cpu", 0), node.Ref);
        foreach (var (trial, coordinator) in new[] { await Assigned(node), await Assigned(node), await Assigned(node) })
        {
            for (var epoch = 1; epoch <= 3; epoch++)
                coordinator.Tell(new EpochDone("s", trial.TrialId, 1, "n1", new EpochMetrics(epoch, 0.5, 0.8, 0.6, 0.7, 1e-3, 1, 100)), node.Ref);
        }
        await AwaitConditionAsync(async () => (await State(sweep)).Trials.Values.All(t => t.LastEpoch == 3), TimeSpan.FromSeconds(10));
        await AwaitConditionAsync(() => Task.FromResult(SnapshotCount() >= 1), TimeSpan.FromSeconds(10));
        var before = await State(sweep);

        // Remove the events the snapshot covers (but its own last one): without the snapshot nothing of the sweep would be recovered.
        await sweep.GracefulStop(TimeSpan.FromSeconds(10));
        using (var journal = JournalDatabase())
        {
            using var delete = journal.Command(null, "DELETE FROM journal WHERE persistence_id = 'sweep-s' AND sequence_number < (SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = 'sweep-s')");
            Assert.True(delete.ExecuteNonQuery() > 0);
        }

        // A second incarnation under another name: it recovers the same persistence id while the first is gone.
        var recovered = Sys.ActorOf(SweepCoordinator.Props("s", Settings, TestActor));
        var after = await State(recovered);

        Assert.Equal(Json(before.ToSnapshot()), Json(after.ToSnapshot()));
    }

    [Fact]
    public async Task A_projection_handed_no_events_catches_the_sweep_up_from_the_journal()
    {
        await Submitted(2);
        var projection = new JournalProjection(Sys, Database);

        var projected = await projection.ProjectAsync(new Dictionary<string, List<(long, ISweepEvent)>> { ["s"] = [] });

        Assert.True(projected >= 1);
        using var connection = StoreConnections.Open(Database);
        Assert.Equal(2, new ReadModelReader(connection).Sweep("s")!.Queued);
    }

    private string Database => _folder.File("sweeps.db");

    private SqliteConnection JournalDatabase()
    {
        var connection = new SqliteConnection(EventStore.SqliteConnectionString(Database));
        connection.Open();
        return connection;
    }

    private long SnapshotCount()
    {
        using var connection = JournalDatabase();
        using var command = connection.Command(null, "SELECT COUNT(*) FROM snapshot WHERE persistence_id = 'sweep-s'");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Json(SweepSnapshot snapshot) => System.Text.Json.JsonSerializer.Serialize(snapshot, Messages.Serialization.SpecJson.Canonical);
}
