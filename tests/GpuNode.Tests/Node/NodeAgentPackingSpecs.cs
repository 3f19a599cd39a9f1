using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;

namespace SweepCluster.GpuNode.Tests.Node;

/// <summary>
/// The node actor packing by memory (<c>--slots auto</c>): 350 MB for trials of 100 MB each, at most 4 at
/// once, fusing up to 4. How it applies an out-of-memory verdict and what it reports; the rules
/// themselves are in <see cref="SlotAdmissionSpecs"/> and <see cref="OutOfMemoryPolicySpecs"/>.
/// </summary>
public sealed class NodeAgentPackingSpecs : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    private readonly GatedRunner _runner = new();
    private readonly MemoryBudget _memory = new(350L << 20, slots: 4);
    private readonly TestProbe _broker;
    private readonly TestProbe _coordinator;
    private readonly IActorRef _node;

    public NodeAgentPackingSpecs()
    {
        _broker = CreateTestProbe();
        _coordinator = CreateTestProbe();
        _node = Sys.ActorOf(NodeAgent.Props("n1", 4, "cuda", _runner, _broker.Ref, TimeSpan.FromMilliseconds(100), new NodePacking(4, _memory)));
    }

    private static AssignTrial Assign(string trialId) => Assignments.Trial(trialId);

    private async Task Started(params string[] trialIds)
    {
        foreach (var id in trialIds)
            _node.Tell(Assign(id), _coordinator.Ref);
        await AwaitConditionAsync(() => Task.FromResult(trialIds.All(_runner.Started.Contains)));
    }

    [Fact]
    public async Task Running_out_of_memory_beside_others_is_reported_as_the_packings_fault_and_lowers_the_cap()
    {
        await Started("t0", "t1");
        _node.Tell(Assign("oom"), _coordinator.Ref);

        var crash = await _coordinator.FishForMessageAsync<TrialCrashed>(m => m is TrialCrashed);
        Assert.Equal(("oom", true, false), (crash.TrialId, crash.OutOfMemory, crash.TrialsFault));
        Assert.Contains("CUDA out of memory", crash.Error);
        await AwaitConditionAsync(() => Task.FromResult(_memory.Cap == 2 && _memory.Running == 2));
    }

    [Fact]
    public async Task A_fused_group_that_runs_out_of_memory_goes_back_to_the_queue_and_later_groups_are_half_as_large()
    {
        Assert.Equal(4, (await _broker.ExpectMsgAsync<RequestWork>()).MaxGroup);
        var members = new[] { "oom", "t5", "t6", "t7" }.Select(Assign).ToList();

        _node.Tell(new AssignGroup("s", "oom#1", members), _coordinator.Ref);

        var crashes = new[] { await _coordinator.ExpectMsgAsync<TrialCrashed>(), await _coordinator.ExpectMsgAsync<TrialCrashed>(), await _coordinator.ExpectMsgAsync<TrialCrashed>(), await _coordinator.ExpectMsgAsync<TrialCrashed>() };
        Assert.Equal(["oom", "t5", "t6", "t7"], crashes.Select(c => c.TrialId));
        Assert.All(crashes, c => Assert.True(c.OutOfMemory));
        await AwaitAssertAsync(() => Assert.Equal(2, _broker.ReceiveWhile(Quiet, m => (RequestWork)m).Last().MaxGroup));
    }
}
