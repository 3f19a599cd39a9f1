using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

public sealed class SweepStateSpecs
{
    private const int MaxRetries = 2;
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static TrialDefinition Trial(int index) =>
        new($"t{index}", index, $"trial {index}", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), index), 10, 0);

    private static readonly TrialOutcome Completed = new(TrialStatus.Completed, 1, null, null, null);

    private static EpochMetrics Epoch(int n) => new(n, 0.5, 0.8, 0.6, 0.7, 1e-3, 1.0, 100);

    /// <summary>Decides and applies a command, as the persistent actor does, returning the events.</summary>
    private static IReadOnlyList<ISweepEvent> Run(ref SweepState state, ISweepCommand command, DateTimeOffset? at = null)
    {
        var events = state.Decide(command, at ?? Now, MaxRetries);
        foreach (var e in events)
            state = state.Apply(e);
        return events;
    }

    private static SweepState Submitted(int trials)
    {
        var state = SweepState.New("s");
        Run(ref state, new SubmitSweep("s", "sweep", "f.yaml", "name: sweep", [.. Enumerable.Range(0, trials).Select(Trial)]));
        return state;
    }

    [Fact]
    public void Submitting_queues_every_trial_and_submitting_again_changes_nothing()
    {
        var state = Submitted(3);

        var again = Run(ref state, new SubmitSweep("s", "sweep", "f.yaml", "name: sweep", [Trial(0)]));

        Assert.Empty(again);
        Assert.Equal((SweepPhase.Running, 3, 0), (state.Phase, state.Queued, state.Running));
    }

    [Fact]
    public void Accepting_changed_data_moves_every_trial_of_the_recorded_data_to_the_new_fingerprint_once()
    {
        var (from, to) = ("sha256:" + new string('a', 64), "sha256:" + new string('b', 64));
        TrialDefinition On(TrialDefinition trial, string? fingerprint) =>
            trial with { Spec = trial.Spec with { Dataset = trial.Spec.Dataset with { Fingerprint = fingerprint } } };
        var state = SweepState.New("s");
        Run(ref state, new SubmitSweep("s", "sweep", "f.yaml", "name: sweep", [On(Trial(0), from), On(Trial(1), from), On(Trial(2), null)]));

        var accepted = Run(ref state, new AcceptChangedData("s", from, to));
        var again = Run(ref state, new AcceptChangedData("s", from, to));

        Assert.Equal(to, Assert.IsType<ChangedDataAccepted>(Assert.Single(accepted)).To);
        Assert.Empty(again);
        Assert.Equal([to, to, null], state.Order.Select(id => state.Trials[id].Definition.Spec.Dataset.Fingerprint));
        Assert.Equal(["t0", "t1", "t2"], state.Order.Select(id => state.Trials[id].Definition.TrialId));
    }

    [Fact]
    public void Leases_go_out_in_plan_order_until_the_queue_is_empty()
    {
        var state = Submitted(2);

        var first = Assert.IsType<TrialDispatched>(Assert.Single(Run(ref state, new LeaseTrial("s", "node-a"))));
        var second = Assert.IsType<TrialDispatched>(Assert.Single(Run(ref state, new LeaseTrial("s", "node-b"))));
        var none = Run(ref state, new LeaseTrial("s", "node-a"));

        Assert.Equal(("t0", 1, "node-a"), (first.TrialId, first.Attempt, first.Node));
        Assert.Equal("t1", second.TrialId);
        Assert.Empty(none);
        Assert.Equal(2, state.Running);
    }

    [Fact]
    public void Epochs_count_once_and_only_for_the_current_attempt()
    {
        var state = Submitted(1);
        Run(ref state, new LeaseTrial("s", "a"));

        Assert.Single(Run(ref state, new RecordEpoch("s", "t0", 1, Epoch(1))));
        Assert.Empty(Run(ref state, new RecordEpoch("s", "t0", 1, Epoch(1))));
        Assert.Empty(Run(ref state, new RecordEpoch("s", "t0", 2, Epoch(2))));
        Assert.Single(Run(ref state, new RecordEpoch("s", "t0", 1, Epoch(2))));
        Assert.Equal(2, state.Trials["t0"].LastEpoch);
    }

    [Fact]
    public void Finishing_the_last_trial_completes_the_sweep()
    {
        var state = Submitted(2);
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new LeaseTrial("s", "a"));

        var first = Run(ref state, new RecordFinish("s", "t0", 1, Completed));
        var last = Run(ref state, new RecordFinish("s", "t1", 1, Completed));

        Assert.IsType<TrialFinished>(Assert.Single(first));
        Assert.Collection(last, e => Assert.IsType<TrialFinished>(e), e => Assert.IsType<SweepCompleted>(e));
        Assert.Equal(SweepPhase.Completed, state.Phase);
    }

    [Fact]
    public void A_late_result_from_an_old_attempt_is_dropped()
    {
        var state = Submitted(1);
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new ReleaseNode("s", "a", "node died", true));
        Run(ref state, new LeaseTrial("s", "b"));

        var late = Run(ref state, new RecordFinish("s", "t0", 1, Completed));
        var current = Run(ref state, new RecordFinish("s", "t0", 2, Completed));

        Assert.Empty(late);
        Assert.IsType<TrialFinished>(current[0]);
        Assert.Equal(2, state.Trials["t0"].Attempt);
    }

    [Fact]
    public void A_failure_that_is_not_the_trials_fault_is_retried_up_to_the_limit()
    {
        var state = Submitted(1);
        for (var attempt = 1; attempt <= MaxRetries; attempt++)
        {
            Run(ref state, new LeaseTrial("s", "a"), Now.AddMinutes(attempt));
            var retried = Assert.IsType<TrialFailed>(Assert.Single(Run(ref state, new RecordFailure("s", "t0", attempt, "out of memory", TrialsFault: false))));
            Assert.True(retried.WillRetry);
        }
        Run(ref state, new LeaseTrial("s", "a"), Now.AddMinutes(MaxRetries + 1));

        var final = Run(ref state, new RecordFailure("s", "t0", MaxRetries + 1, "out of memory", TrialsFault: false));

        Assert.False(Assert.IsType<TrialFailed>(final[0]).WillRetry);
        Assert.Equal((TrialPhase.Failed, SweepPhase.Completed), (state.Trials["t0"].Phase, state.Phase));
    }

    [Fact]
    public void A_retried_trial_waits_out_a_back_off_that_doubles_while_other_trials_are_leased()
    {
        var state = Submitted(2);
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new RecordFailure("s", "t0", 1, "disk full", TrialsFault: false));

        var meanwhile = Assert.IsType<TrialDispatched>(Assert.Single(Run(ref state, new LeaseTrial("s", "a"), Now.AddSeconds(4))));
        var tooEarly = Run(ref state, new LeaseTrial("s", "a"), Now.AddSeconds(4));
        var due = Assert.IsType<TrialDispatched>(Assert.Single(Run(ref state, new LeaseTrial("s", "a"), Now.AddSeconds(5))));
        Run(ref state, new RecordFailure("s", "t0", 2, "disk full", TrialsFault: false));

        Assert.Equal(("t1", "t0", 2), (meanwhile.TrialId, due.TrialId, due.Attempt));
        Assert.Empty(tooEarly);
        Assert.Equal(Now.AddSeconds(10), state.NextDue(Now));
    }

    [Fact]
    public void Resuming_queues_again_only_the_trials_that_failed_through_no_fault_of_their_own_and_reopens_the_sweep()
    {
        var state = Submitted(3);
        foreach (var attempt in Enumerable.Range(1, MaxRetries + 1))
        {
            Run(ref state, new LeaseTrial("s", "a"), Now.AddMinutes(attempt));
            Run(ref state, new RecordFailure("s", "t0", attempt, "IOException: No space left on device", TrialsFault: false));
        }
        Run(ref state, new LeaseTrial("s", "a"), Now.AddHours(1));
        Run(ref state, new RecordFailure("s", "t1", 1, "ArgumentException: kernel larger than input", TrialsFault: true));
        Run(ref state, new LeaseTrial("s", "a"), Now.AddHours(1));
        Run(ref state, new RecordFinish("s", "t2", 1, Completed));
        Assert.Equal(SweepPhase.Completed, state.Phase);

        var retried = Assert.IsType<TrialsRetried>(Assert.Single(Run(ref state, new RetryFailedTrials("s"))));
        var lease = Assert.IsType<TrialDispatched>(Assert.Single(Run(ref state, new LeaseTrial("s", "a"))));

        Assert.Equal(["t0"], retried.TrialIds);
        Assert.Equal((SweepPhase.Running, TrialPhase.Failed), (state.Phase, state.Trials["t1"].Phase));
        Assert.Equal(("t0", MaxRetries + 2, 0), (lease.TrialId, lease.Attempt, state.Trials["t0"].Retries));
        Assert.Empty(Run(ref state, new RetryFailedTrials("s")));
    }

    [Fact]
    public void A_trial_that_throws_fails_at_once_and_the_sweep_goes_on()
    {
        var state = Submitted(2);
        Run(ref state, new LeaseTrial("s", "a"));

        var failed = Run(ref state, new RecordFailure("s", "t0", 1, "NullReferenceException", TrialsFault: true));

        Assert.False(Assert.IsType<TrialFailed>(Assert.Single(failed)).WillRetry);
        Assert.Equal("t1", Assert.IsType<TrialDispatched>(Assert.Single(Run(ref state, new LeaseTrial("s", "a")))).TrialId);
    }

    [Fact]
    public void Releasing_a_node_requeues_only_its_running_trials_as_new_attempts()
    {
        var state = Submitted(3);
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new LeaseTrial("s", "b"));

        var requeued = Run(ref state, new ReleaseNode("s", "a", "unreachable", true));
        var next = Assert.IsType<TrialDispatched>(Assert.Single(Run(ref state, new LeaseTrial("s", "b"))));

        Assert.Equal("t0", Assert.IsType<TrialRequeued>(Assert.Single(requeued)).TrialId);
        Assert.Equal(("t0", 2), (next.TrialId, next.Attempt));
    }

    [Fact]
    public void A_trial_that_keeps_losing_its_node_fails_but_restarts_never_count()
    {
        var state = Submitted(1);
        for (var i = 0; i < 5; i++)
        {
            Run(ref state, new LeaseTrial("s", "a"));
            Assert.IsType<TrialRequeued>(Assert.Single(Run(ref state, new ReleaseNode("s", "a", "restart", CountsAsRetry: false))));
        }
        for (var i = 0; i < MaxRetries; i++)
        {
            Run(ref state, new LeaseTrial("s", "a"));
            Assert.IsType<TrialRequeued>(Assert.Single(Run(ref state, new ReleaseNode("s", "a", "node died", CountsAsRetry: true))));
        }
        Run(ref state, new LeaseTrial("s", "a"));

        var last = Run(ref state, new ReleaseNode("s", "a", "node died", CountsAsRetry: true));

        Assert.Contains("lost its node 3 times", Assert.IsType<TrialFailed>(last[0]).Error);
        Assert.IsType<SweepCompleted>(last[1]);
    }

    [Fact]
    public void A_cancelled_sweep_leases_nothing_more_and_its_running_trials_are_told_to_stop()
    {
        var state = Submitted(2);
        Run(ref state, new LeaseTrial("s", "a"));
        Assert.Null(state.StopReason("t0", 1));

        Assert.Single(Run(ref state, new CancelSweep("s")));
        Assert.Equal("sweep cancelled", state.StopReason("t0", 1));
        Assert.Empty(Run(ref state, new LeaseTrial("s", "a")));
        Assert.Empty(Run(ref state, new CancelSweep("s")));
        Assert.Equal(SweepPhase.Cancelled, state.Phase);
    }

    [Fact]
    public void Replaying_the_events_rebuilds_the_same_state()
    {
        var state = Submitted(3);
        var journal = new List<ISweepEvent>();
        journal.AddRange(Run(ref state, new LeaseTrial("s", "a")));
        journal.AddRange(Run(ref state, new RecordEpoch("s", "t0", 1, Epoch(1))));
        journal.AddRange(Run(ref state, new LeaseTrial("s", "b")));
        journal.AddRange(Run(ref state, new RecordFinish("s", "t0", 1, Completed)));
        journal.AddRange(Run(ref state, new ReleaseNode("s", "b", "restart", false)));

        var replayed = Submitted(3);
        foreach (var e in journal)
            replayed = replayed.Apply(e);

        Assert.Equal(state.Phase, replayed.Phase);
        Assert.Equal(state.Trials.Values.OrderBy(t => t.Definition.Index).Select(t => (t.Phase, t.Attempt, t.LastEpoch)),
            replayed.Trials.Values.OrderBy(t => t.Definition.Index).Select(t => (t.Phase, t.Attempt, t.LastEpoch)));
    }

    [Fact]
    public void A_state_rebuilt_from_its_snapshot_decides_exactly_as_the_original()
    {
        var state = Submitted(4);
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new RecordEpoch("s", "t0", 1, Epoch(1)));
        Run(ref state, new RecordFinish("s", "t0", 1, Completed));
        Run(ref state, new RecordFailure("s", "t1", 1, "lost", TrialsFault: false));

        var rebuilt = SweepState.From(state.ToSnapshot());

        Assert.Equal((state.Queued, state.Running, state.Done), (rebuilt.Queued, rebuilt.Running, rebuilt.Done));
        Assert.Equal(state.Trials["t1"], rebuilt.Trials["t1"]);
        Assert.Equal(state.Decide(new LeaseTrial("s", "b"), Now, MaxRetries), rebuilt.Decide(new LeaseTrial("s", "b"), Now, MaxRetries));
    }

    [Fact]
    public void A_cancelled_sweep_neither_requeues_nor_completes()
    {
        var state = Submitted(2);
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new LeaseTrial("s", "a"));
        Run(ref state, new CancelSweep("s"));

        Assert.Empty(Run(ref state, new ReleaseNode("s", "a", "restarted", CountsAsRetry: false)));
        Assert.False(Assert.IsType<TrialFailed>(Assert.Single(Run(ref state, new RecordFailure("s", "t0", 1, "lost", TrialsFault: false)))).WillRetry);
        Assert.IsType<TrialFinished>(Assert.Single(Run(ref state, new RecordFinish("s", "t1", 1, Completed))));
        Assert.Equal(SweepPhase.Cancelled, state.Phase);
    }
}
