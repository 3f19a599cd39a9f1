using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>A TPE sweep: startup draws at submission, then one proposal per lease, learned from the results so far.</summary>
public sealed class TpeSweepStateSpecs
{
    private static string Source(int samples, string parameters = "training.optimizer.learning_rate: {loguniform: [0.0001, 0.1]}") => $"""
        name: tpe
        seed: 2
        dataset: {"{"}name: fashion-mnist, subset: 600{"}"}
        model:
          blocks: [{"{"}type: conv, filters: 4, pool: {"{"}kind: max, size: 2{"}"}{"}"}]
        training: {"{"}epochs: 2{"}"}
        search:
          strategy: random
          sampler: tpe
          samples: {samples}
          startup_trials: 3
          metric: val_loss
          parameters:
            {parameters}
        """;

    [Fact]
    public void Submission_holds_the_startup_draws_and_each_later_lease_proposes_one_trial()
    {
        var submitted = Assert.IsType<SweepSubmitted>(Assert.Single(FileSweeps.Submission(Source(6))));
        Assert.Equal((3, 6), (submitted.Trials.Count, submitted.Planned));
        var state = Submitted(Source(6));
        Assert.Equal((3, 3, 6), (state.Trials.Count, state.Queued, state.Available));

        var journal = new List<ISweepEvent>();
        for (var i = 0; i < 3; i++)
            journal.AddRange(Decide(ref state, new LeaseTrial("s", "n")));
        Finish(ref state, journal, state.Order[0], loss: 0.9);
        var lease = Decide(ref state, new LeaseTrial("s", "n"));

        var proposed = Assert.IsType<TrialProposed>(lease[0]);
        var dispatched = Assert.IsType<TrialDispatched>(Assert.Single(lease.Skip(1)));
        Assert.Equal((proposed.Trial.TrialId, 1, 3), (dispatched.TrialId, dispatched.Attempt, proposed.Trial.Index));
        Assert.Equal("sample 4", proposed.Trial.Label);
        Assert.Contains("training.optimizer.learning_rate", proposed.Trial.Overrides.Keys);
        Assert.Equal(2, state.Available);
    }

    [Fact]
    public void The_sweep_completes_only_when_every_sample_was_proposed_and_ended()
    {
        var state = Submitted(Source(5));
        var journal = new List<ISweepEvent>();
        var losses = new Queue<double>([0.9, 0.5, 0.7, 0.4, 0.6]);
        while (state.Phase == SweepPhase.Running)
        {
            var lease = Decide(ref state, new LeaseTrial("s", "n"));
            var dispatched = Assert.IsType<TrialDispatched>(lease[^1]);
            journal.AddRange(lease);
            Finish(ref state, journal, dispatched.TrialId, losses.Dequeue());
        }

        Assert.Equal(5, state.Trials.Count);
        Assert.Equal(2, journal.OfType<TrialProposed>().Count());
        Assert.IsType<SweepCompleted>(journal[^1]);
        Assert.Equal(5, state.Trials.Values.Select(t => t.Definition.TrialId).Distinct().Count());
    }

    [Fact]
    public void A_replayed_or_snapshotted_sweep_proposes_the_same_trial()
    {
        var state = Submitted(Source(8));
        var journal = new List<ISweepEvent>();
        for (var i = 0; i < 3; i++)
        {
            var d = (TrialDispatched)Decide(ref state, new LeaseTrial("s", "n"))[^1];
            Finish(ref state, journal, d.TrialId, 0.3 + (0.2 * i));
        }
        journal.AddRange(Decide(ref state, new LeaseTrial("s", "a")));

        var replayed = journal.Aggregate(Submitted(Source(8)), (s, e) => s.Apply(e));
        var fromSnapshot = SweepState.From(replayed.ToSnapshot());
        var next = Decide(ref state, new LeaseTrial("s", "b"));

        Assert.Equal(Proposal(next), Proposal(replayed.Decide(new LeaseTrial("s", "b"), FileSweeps.Now, 2)));
        Assert.Equal(Proposal(next), Proposal(fromSnapshot.Decide(new LeaseTrial("s", "b"), FileSweeps.Now, 2)));
    }

    [Fact]
    public void A_used_up_space_ends_sampling_and_then_the_sweep()
    {
        var state = Submitted(Source(6, "training.batch_size: {choice: [16, 32, 64]}"));
        var journal = new List<ISweepEvent>();
        while (state.Phase == SweepPhase.Running)
        {
            var lease = Decide(ref state, new LeaseTrial("s", "n"));
            journal.AddRange(lease);
            if (lease is [.., TrialDispatched d])
                Finish(ref state, journal, d.TrialId, 0.5);
        }

        // Three distinct batch sizes exist: the startup draws and proposals cover them, then TPE has nothing new to try.
        var ended = Assert.Single(journal.OfType<SamplingEnded>());
        Assert.Contains("used up", ended.Reason);
        Assert.Equal(state.Trials.Count, state.Trials.Values.Select(t => t.Definition.Overrides["training.batch_size"]).Distinct().Count());
        Assert.IsType<SweepCompleted>(journal[^1]);
    }

    private static string Proposal(IReadOnlyList<ISweepEvent> events) => events.OfType<TrialProposed>().Single().Trial.TrialId;

    private static void Finish(ref SweepState state, List<ISweepEvent> journal, string trialId, double loss)
    {
        var attempt = state.Trials[trialId].Attempt;
        journal.AddRange(Decide(ref state, new RecordEpoch("s", trialId, attempt, new EpochMetrics(1, loss, 0.5, loss, 0.5, 0.001, 1, 100))));
        var report = new ClassificationReport(100, 1 - loss, loss, [], [], new AveragedMetrics(0, 0, 0), new AveragedMetrics(0, 0, 0), null);
        journal.AddRange(Decide(ref state, new RecordFinish("s", trialId, attempt, new TrialOutcome(TrialStatus.Completed, 1, report, null, null))));
    }

    private static SweepState Submitted(string source) => FileSweeps.Submitted(source);

    private static IReadOnlyList<ISweepEvent> Decide(ref SweepState state, ISweepCommand command) => FileSweeps.Decide(ref state, command);
}
