using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>A node packing by memory (<c>--slots auto</c>): 350 MB for trials of 100 MB each, at most 4 at once, fusing up to 4.</summary>
public sealed class NodePackingProtocolSpecs : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    private readonly GatedRunner _runner = new();
    private readonly MemoryBudget _memory = new(350L << 20, slots: 4);
    private readonly TestProbe _broker;
    private readonly TestProbe _coordinator;
    private readonly IActorRef _node;

    public NodePackingProtocolSpecs()
    {
        _broker = CreateTestProbe();
        _coordinator = CreateTestProbe();
        _node = Sys.ActorOf(NodeAgent.Props("n1", 4, "cuda", _runner, _broker.Ref, TimeSpan.FromMilliseconds(100), new NodePacking(4, _memory)));
    }

    private static AssignTrial Assign(string trialId) =>
        new("s", trialId, 1, new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 1), "/tmp/unused");

    private async Task Started(params string[] trialIds)
    {
        foreach (var id in trialIds)
            _node.Tell(Assign(id), _coordinator.Ref);
        await AwaitConditionAsync(() => Task.FromResult(trialIds.All(_runner.Started.Contains)));
    }

    [Fact]
    public async Task It_asks_for_one_trial_at_a_time_and_only_while_another_would_fit()
    {
        Assert.Equal(1, (await _broker.ExpectMsgAsync<RequestWork>()).FreeSlots);
        await Started("t0", "t1", "t2");

        // 300 of 350 MB taken: no request, not even on the timer, until a trial ends.
        _broker.ReceiveWhile(Quiet, m => (RequestWork)m);
        await _broker.ExpectNoMsgAsync(Quiet);
        _runner.Release("t0");
        Assert.Equal(1, (await _broker.ExpectMsgAsync<RequestWork>()).FreeSlots);
    }

    [Fact]
    public async Task Running_out_of_memory_beside_others_requeues_the_trial_without_a_retry_and_packs_fewer()
    {
        await Started("t0", "t1");
        _node.Tell(Assign("oom"), _coordinator.Ref);

        var crash = await _coordinator.FishForMessageAsync<TrialCrashed>(m => m is TrialCrashed);
        Assert.Equal(("oom", true, false), (crash.TrialId, crash.OutOfMemory, crash.TrialsFault));
        Assert.Contains("CUDA out of memory", crash.Error);
        await AwaitConditionAsync(() => Task.FromResult(_memory.Cap == 2 && _memory.Running == 2));

        // Memory would hold three, but two ran out: t2 waits until a trial ends.
        _node.Tell(Assign("t2"), _coordinator.Ref);
        await Task.Delay(Quiet);
        Assert.DoesNotContain("t2", _runner.Started);
        _runner.Release("t0");
        await AwaitConditionAsync(() => Task.FromResult(_runner.Started.Contains("t2")));
    }

    [Fact]
    public async Task Running_out_of_memory_alone_is_an_ordinary_crash()
    {
        _node.Tell(Assign("oom"), _coordinator.Ref);

        var crash = await _coordinator.FishForMessageAsync<TrialCrashed>(m => m is TrialCrashed);
        Assert.False(crash.OutOfMemory);
        Assert.False(crash.TrialsFault);
        Assert.Equal(4, _memory.Cap);
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
