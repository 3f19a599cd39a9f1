using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Tests.Node;

/// <summary>
/// The node actor's wiring, with probes as the broker and the sweep coordinator: what it asks for, starts,
/// reports and stops. Its rules (admission, out of memory, failure causes) have their own specs.
/// </summary>
public sealed class NodeAgentSpecs : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    private readonly GatedRunner _runner = new();
    private readonly TestProbe _broker;
    private readonly TestProbe _coordinator;
    private readonly IActorRef _node;

    public NodeAgentSpecs()
    {
        _broker = CreateTestProbe();
        _coordinator = CreateTestProbe();
        _node = Sys.ActorOf(NodeAgent.Props("n1", 2, "cpu", _runner, _broker.Ref, TimeSpan.FromMilliseconds(100)));
    }

    private static AssignTrial Assign(string trialId) => Assignments.Trial(trialId);

    /// <summary>Everything the node asked for until it went quiet, the last request first.</summary>
    private List<RequestWork> Requests() =>
        [.. _broker.ReceiveWhile(Quiet, m => (RequestWork)m).Reverse()];

    [Fact]
    public async Task It_announces_its_free_slots_and_asks_for_nothing_while_they_are_full()
    {
        Assert.Equal((2, 0L), (await _broker.ExpectMsgAsync<RequestWork>()) is var r ? (r.FreeSlots, r.Received) : default);

        _node.Tell(Assign("t0"), _coordinator.Ref);
        _node.Tell(Assign("t1"), _coordinator.Ref);
        var epochs = new[] { await _coordinator.ExpectMsgAsync<EpochDone>(), await _coordinator.ExpectMsgAsync<EpochDone>() };
        Requests();
        await _broker.ExpectNoMsgAsync(Quiet);

        _runner.Release("t0");
        Assert.Equal(["t0", "t1"], epochs.Select(e => e.TrialId).Order());
        Assert.Equal(("t0", TrialStatus.Completed), (await _coordinator.ExpectMsgAsync<TrialDone>()) is var done ? (done.TrialId, done.Outcome.Status) : default);
        Assert.Equal((1, 2L), (await _broker.ExpectMsgAsync<RequestWork>()) is var after ? (after.FreeSlots, after.Received) : default);
        Assert.Equal(2, _runner.MaxConcurrent);
    }

    [Fact]
    public async Task An_assignment_beyond_its_slots_starts_when_a_slot_frees()
    {
        foreach (var id in new[] { "t0", "t1", "t2" })
            _node.Tell(Assign(id), _coordinator.Ref);
        await AwaitConditionAsync(() => Task.FromResult(_runner.Started.Count == 2));
        await Task.Delay(Quiet);
        Assert.Equal(2, _runner.Started.Count);

        _runner.Release("t0");
        await AwaitConditionAsync(() => Task.FromResult(_runner.Started.Contains("t2")));
        Assert.Equal(2, _runner.MaxConcurrent);
    }

    [Fact]
    public async Task A_stopped_trial_reports_nothing_and_frees_its_slot()
    {
        _node.Tell(Assign("t0"), _coordinator.Ref);
        await _coordinator.ExpectMsgAsync<EpochDone>();

        _node.Tell(new StopTrial("s", "t0", 1, "sweep cancelled"));

        await AwaitAssertAsync(() => Assert.Equal(2, Requests().FirstOrDefault()?.FreeSlots));
        await _coordinator.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_trial_that_throws_is_reported_as_its_own_fault()
    {
        _node.Tell(Assign("bad"), _coordinator.Ref);

        var crash = await _coordinator.ExpectMsgAsync<TrialCrashed>();
        Assert.True(crash.TrialsFault);
        Assert.Contains("scripted failure", crash.Error);
    }

    [Fact]
    public async Task Draining_stops_its_trials_and_only_then_tells_the_broker_it_leaves()
    {
        _node.Tell(Assign("t0"), _coordinator.Ref);
        await _coordinator.ExpectMsgAsync<EpochDone>();

        var drained = _node.Ask<NodeDrained>(new DrainNode(), TimeSpan.FromSeconds(10));

        Assert.Equal("n1", (await _broker.FishForMessageAsync(m => m is NodeLeaving) as NodeLeaving)!.Node);
        await drained;
        Assert.Equal(0, _runner.Running);
        await _broker.ExpectNoMsgAsync(Quiet); // no more work asked for
        await _coordinator.ExpectNoMsgAsync(Quiet);
    }
}
