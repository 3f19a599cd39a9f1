using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

public sealed class FusedLeaseSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly ModelSpec Conv = new() { Blocks = [new ConvBlockSpec { Filters = 8 }] };

    private static TrialDefinition Trial(int index, ModelSpec model, int batchSize = 32) =>
        new($"t{index}", index, $"trial {index}", new Dictionary<string, string>(),
            new TrialSpec(new DatasetSpec(), model, new TrainingSpec { BatchSize = batchSize, Optimizer = new OptimizerSpec { LearningRate = 1e-3 * (index + 1) } }, index), 10, 0);

    private static IReadOnlyList<ISweepEvent> Run(ref SweepState state, ISweepCommand command)
    {
        var events = state.Decide(command, Now, maxRetries: 2);
        foreach (var e in events)
            state = state.Apply(e);
        return events;
    }

    /// <summary>t0, t2, t4, t5 can train fused; t1 has another batch size, t3 a residual block.</summary>
    private static SweepState Submitted()
    {
        var state = SweepState.New("s");
        Run(ref state, new SubmitSweep("s", "sweep", "f.yaml", "name: sweep",
            [Trial(0, Conv), Trial(1, Conv, batchSize: 64), Trial(2, Conv), Trial(3, new ModelSpec { Blocks = [new ResidualBlockSpec()] }), Trial(4, Conv), Trial(5, Conv)]));
        return state;
    }

    private static IEnumerable<(string TrialId, int Attempt, FusedGroup? Group)> Dispatched(IReadOnlyList<ISweepEvent> events) =>
        events.Cast<TrialDispatched>().Select(d => (d.TrialId, d.Attempt, d.Group));

    [Fact]
    public void A_lease_takes_the_next_trial_and_the_later_queued_trials_that_can_train_fused_with_it_in_plan_order()
    {
        var state = Submitted();

        var first = Run(ref state, new LeaseTrial("s", "node", MaxGroup: 3));
        var second = Run(ref state, new LeaseTrial("s", "node", MaxGroup: 3));
        var third = Run(ref state, new LeaseTrial("s", "node", MaxGroup: 3));
        var fourth = Run(ref state, new LeaseTrial("s", "node", MaxGroup: 3));

        var group = new FusedGroup("t0#1", 3);
        Assert.Equal([("t0", 1, group), ("t2", 1, group), ("t4", 1, group)], Dispatched(first));
        Assert.Equal([("t1", 1, (FusedGroup?)null)], Dispatched(second));
        Assert.Equal([("t3", 1, (FusedGroup?)null)], Dispatched(third));
        Assert.Equal([("t5", 1, (FusedGroup?)null)], Dispatched(fourth));
        Assert.Equal(6, state.Running);
    }

    [Fact]
    public void Without_fusion_a_lease_takes_one_trial()
    {
        var state = Submitted();

        Assert.Equal([("t0", 1, (FusedGroup?)null)], Dispatched(Run(ref state, new LeaseTrial("s", "node"))));
    }

    [Fact]
    public void Members_of_a_group_whose_node_is_lost_are_requeued_one_by_one_and_may_form_another_group()
    {
        var state = Submitted();
        Run(ref state, new LeaseTrial("s", "node", MaxGroup: 2));

        var released = Run(ref state, new ReleaseNode("s", "node", "node stopped", CountsAsRetry: true));
        var again = Run(ref state, new LeaseTrial("s", "other", MaxGroup: 4));

        Assert.Equal(["t0", "t2"], released.Cast<TrialRequeued>().Select(r => r.TrialId));
        var group = new FusedGroup("t0#2", 4);
        Assert.Equal([("t0", 2, group), ("t2", 2, group), ("t4", 1, group), ("t5", 1, group)], Dispatched(again));
    }

    [Fact]
    public void Running_out_of_memory_beside_other_trials_requeues_the_trial_without_counting_a_retry()
    {
        var state = Submitted();
        Run(ref state, new LeaseTrial("s", "node"));

        var events = Run(ref state, new RecordFailure("s", "t0", 1, "ExternalException: CUDA out of memory", TrialsFault: false, OutOfMemory: true));

        var requeued = Assert.IsType<TrialRequeued>(Assert.Single(events));
        Assert.False(requeued.CountsAsRetry);
        Assert.Contains("out of memory", requeued.Reason);
        Assert.Equal((0, 6), (state.Trials["t0"].Retries, state.Queued));
    }
}
