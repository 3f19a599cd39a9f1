using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Tests.Sweeps;

public sealed class StagePlannerSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private const string File = "stages.yaml";

    private const string Source = """
        name: staged
        dataset: {name: fashion-mnist, subset: 600}
        model:
          blocks:
            - {type: conv, filters: 4, pool: {kind: max, size: 2}}
        training: {epochs: 2}
        search:
          strategy: stages
          metric: val_loss
          stages:
            - name: width
              strategy: grid
              parameters:
                model.blocks[0].filters: [4, 8, 16]
            - name: rate
              strategy: variants
              variants:
                - {name: faster, set: {training.optimizer.learning_rate: 0.01}}
            - name: epochs
              strategy: grid
              parameters:
                training.epochs: [3]
        """;

    private static SweepSubmitted Submission()
    {
        var plan = SweepExpander.Expand(File, Source);
        return new SweepSubmitted("s", plan.Name, File, Source, [.. plan.Trials.Select(Definitions.Of)], Now, Design: plan.Design);
    }

    private static SweepState Submitted() => SweepState.New("s").Apply(Submission());

    private static (SweepState State, IReadOnlyList<ISweepEvent> Events) Run(SweepState state, ISweepCommand command)
    {
        var events = state.Decide(command, Now, maxRetries: 2);
        foreach (var e in events)
            state = state.Apply(e);
        return (state, events);
    }

    private static TrialOutcome Outcome(double valLoss) =>
        new(TrialStatus.Completed, 2, null, null, null, new FoldSummary(2, new FoldMetric(0.8, null), new FoldMetric(valLoss, null), null, null));

    /// <summary>Leases every queued trial and finishes each with the loss the script gives it; returns all events.</summary>
    private static (SweepState State, List<ISweepEvent> Events) FinishStage(SweepState state, Func<SweepState, string, double?> loss)
    {
        var events = new List<ISweepEvent>();
        while (state.Queued > 0)
        {
            var (leased, dispatch) = Run(state, new LeaseTrial("s", "n"));
            state = leased;
            events.AddRange(dispatch);
        }
        foreach (var id in state.Trials.Values.Where(t => t.Phase == TrialPhase.Running).Select(t => t.Definition.TrialId).ToList())
        {
            var attempt = state.Trials[id].Attempt;
            ISweepCommand command = loss(state, id) is { } l ? new RecordFinish("s", id, attempt, Outcome(l)) : new RecordFailure("s", id, attempt, "boom", TrialsFault: true);
            var (after, decided) = Run(state, command);
            state = after;
            events.AddRange(decided);
        }
        return (state, events);
    }

    private static double? LossByFilters(SweepState state, string id) => state.Trials[id].Definition.Spec.Model.Blocks[0] switch
    {
        ConvBlockSpec { Filters: 8 } => 0.3,
        _ => 0.5,
    };

    [Fact]
    public void When_a_stage_ends_its_winner_by_the_stage_metric_is_the_base_of_the_next_and_the_sweep_ends_after_the_last()
    {
        var state = Submitted();
        Assert.Equal(3, state.Trials.Count);

        var (afterWidth, events) = FinishStage(state, LossByFilters);

        var rate = Assert.Single(events.OfType<StageStarted>());
        var winner = afterWidth.Trials[rate.BaseTrialId].Definition;
        Assert.Equal((1, "rate", 8), (rate.Stage, rate.Name, ((ConvBlockSpec)winner.Spec.Model.Blocks[0]).Filters));
        // Variants include the base by default: the winner is reused, not trained again.
        Assert.Equal([rate.BaseTrialId], rate.Reused);
        var faster = Assert.Single(rate.Trials);
        Assert.Equal((8, 0.01, 3), (((ConvBlockSpec)faster.Spec.Model.Blocks[0]).Filters, faster.Spec.Training.Optimizer.LearningRate, faster.Index));
        Assert.Equal((SweepPhase.Running, 1), (afterWidth.Phase, afterWidth.Queued));

        var (afterRate, rateEvents) = FinishStage(afterWidth, (_, _) => 0.2);
        var epochs = Assert.Single(rateEvents.OfType<StageStarted>());
        Assert.Equal(faster.TrialId, epochs.BaseTrialId);
        var (ended, last) = FinishStage(afterRate, (_, _) => 0.1);

        var completed = Assert.IsType<SweepCompleted>(last[^1]);
        Assert.Null(completed.Note);
        Assert.Equal((SweepPhase.Completed, 5, 2), (ended.Phase, ended.Trials.Count, ended.Stage));
    }

    [Fact]
    public void Replaying_the_events_and_recovering_from_a_snapshot_give_the_same_state()
    {
        var (afterWidth, events) = FinishStage(Submitted(), LossByFilters);

        var replayed = events.Aggregate(Submitted(), (s, e) => s.Apply(e));
        var recovered = SweepState.From(afterWidth.ToSnapshot());

        Assert.Equal(afterWidth.Order, replayed.Order);
        Assert.Equal(afterWidth.CurrentStage, replayed.CurrentStage);
        Assert.Equal(afterWidth.CurrentStage, recovered.CurrentStage);
        Assert.Equal((afterWidth.Stage, afterWidth.Queued, afterWidth.Done), (recovered.Stage, recovered.Queued, recovered.Done));
    }

    [Fact]
    public void A_stage_without_any_result_ends_the_sweep_with_a_note_naming_the_stage_not_run()
    {
        var (ended, events) = FinishStage(Submitted(), (_, _) => null);

        var completed = Assert.IsType<SweepCompleted>(events[^1]);
        Assert.Equal(SweepPhase.Completed, ended.Phase);
        Assert.Equal("stage 2 ('rate') not run: no trial of stage 1 has val_loss", completed.Note);
    }
}
