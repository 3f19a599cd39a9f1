using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>A sweep with a scheduler: its decisions become events, and replaying them or resuming from a snapshot decides the same.</summary>
public sealed class SchedulerStateSpecs
{
    private const string Source = """
        name: asha
        dataset: {name: fashion-mnist, subset: 600}
        model:
          blocks: [{type: conv, filters: 4, pool: {kind: max, size: 2}}]
        training: {epochs: 9}
        search:
          strategy: grid
          parameters:
            training.optimizer.learning_rate: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006]
        scheduler: {type: asha, grace_period: 1, reduction_factor: 3}
        """;

    /// <summary>Validation accuracy by trial (t0..t5) at epochs 1 and 3.</summary>
    private static readonly double[][] Curves = [[.50, .60], [.60, .70], [.40, .45], [.55, .80], [.70, .75], [.65, .72]];

    [Fact]
    public void The_scheduler_stops_trials_as_events_that_end_them_with_their_epochs()
    {
        var (state, journal) = RunAll();

        var stopped = journal.OfType<TrialStopped>().ToList();
        // Rung 0 (epoch 1), in arrival order t0..t5: t2 (0.40 < 0.60), t3 (0.55 < 0.60) stop; t5 (0.65) is in the top 2 of 6.
        // Rung 1 (epoch 3), arrival t0, t1, t4, t5: t0 goes on as the first; t1 and t4 lead; t5 (0.72 < 0.75) stops.
        Assert.Equal(["t2@1 rung 0", "t3@1 rung 0", "t5@3 rung 1"], stopped.Select(s => $"{Id(state, s.TrialId)}@{s.Epoch} rung {s.Rung}"));
        Assert.All(stopped, s => Assert.Equal("asha", s.Scheduler));
        var t2 = state.Trials[stopped[0].TrialId];
        Assert.Equal((TrialPhase.Stopped, TrialStatus.Stopped, 1), (t2.Phase, t2.Outcome!.Status, t2.Outcome.BestEpoch));
        Assert.Equal(t2.Outcome.Detail, state.StopReason(stopped[0].TrialId, 1));
        Assert.Null(state.StopReason(stopped[0].TrialId, 2));
        Assert.Equal(0.40, t2.Metric("val_accuracy"));
        Assert.Null(t2.Metric("test_accuracy"));
        Assert.Equal(SweepPhase.Completed, state.Phase);
        Assert.IsType<SweepCompleted>(journal[^1]);
    }

    [Fact]
    public void Replaying_the_journal_and_resuming_from_a_snapshot_make_the_same_decisions()
    {
        var (live, journal) = RunAll();

        // Killed after 11 events: a new incarnation replays them (or starts from a snapshot of them) and goes on.
        for (var cut = 1; cut < journal.Count; cut += 5)
        {
            var replayed = journal.Take(cut).Aggregate(SweepState.New("s"), (s, e) => s.Apply(e));
            var (fromReplay, replayJournal) = RunAll(replayed, [.. journal.Take(cut)]);
            var (fromSnapshot, snapshotJournal) = RunAll(SweepState.From(replayed.ToSnapshot()), [.. journal.Take(cut)]);

            Assert.Equal(Stops(journal), Stops(replayJournal));
            Assert.Equal(Stops(journal), Stops(snapshotJournal));
            Assert.Equal(Phases(live), Phases(fromReplay));
            Assert.Equal(Phases(live), Phases(fromSnapshot));
        }
    }

    [Fact]
    public void An_epoch_recorded_again_by_a_later_attempt_is_not_judged_again()
    {
        var state = Submitted();
        var t0 = state.Order[0];
        var t1 = state.Order[1];
        Decide(ref state, new LeaseTrial("s", "a"));
        Decide(ref state, new LeaseTrial("s", "a"));
        Decide(ref state, new RecordEpoch("s", t0, 1, Metrics(1, .9)));
        Decide(ref state, new RecordEpoch("s", t1, 1, Metrics(1, .95)));
        // t0 loses its node and its checkpoint: attempt 2 records epoch 1 again, worse, and is not stopped for it.
        Decide(ref state, new ReleaseNode("s", "a", "lost", CountsAsRetry: true));
        Decide(ref state, new LeaseTrial("s", "b"));
        var again = Decide(ref state, new RecordEpoch("s", t0, 2, Metrics(1, .1)));

        Assert.IsType<EpochRecorded>(Assert.Single(again));
    }

    private static (SweepState State, List<ISweepEvent> Journal) RunAll(SweepState? from = null, List<ISweepEvent>? journal = null)
    {
        var state = from ?? Submitted();
        journal ??= [.. FileSweeps.Submission(Source)];
        // Every queued trial goes to one node at once; epochs arrive trial by trial, lowest epoch first, as nodes would report them.
        while (Decide(ref state, new LeaseTrial("s", "n")) is [TrialDispatched d])
            journal.Add(d);
        for (var epoch = 1; epoch <= 9; epoch++)
        {
            foreach (var id in state.Order)
            {
                var trial = state.Trials[id];
                if (trial.Phase != TrialPhase.Running || trial.LastEpoch >= epoch)
                    continue;
                journal.AddRange(Decide(ref state, new RecordEpoch("s", id, trial.Attempt, Metrics(epoch, Value(trial.Definition.Index, epoch)))));
                if (epoch == 9)
                    journal.AddRange(Decide(ref state, new RecordFinish("s", id, trial.Attempt, new TrialOutcome(TrialStatus.Completed, 9, null, null, null))));
            }
        }
        return (state, journal);
    }

    private static double Value(int index, int epoch) => epoch < 3 ? Curves[index][0] : Curves[index][1] + (epoch / 100.0);

    private static SweepState Submitted() => FileSweeps.Submitted(Source);

    private static IReadOnlyList<ISweepEvent> Decide(ref SweepState state, ISweepCommand command) => FileSweeps.Decide(ref state, command);

    private static EpochMetrics Metrics(int epoch, double accuracy) => new(epoch, 1 - accuracy, accuracy, 1 - accuracy, accuracy, 0.001, 1, 100);

    private static string Id(SweepState state, string trialId) => $"t{state.Trials[trialId].Definition.Index}";

    private static List<string> Stops(IEnumerable<ISweepEvent> journal) => [.. journal.OfType<TrialStopped>().Select(s => $"{s.TrialId}@{s.Epoch}: {s.Reason}")];

    private static List<string> Phases(SweepState state) => [.. state.Order.Select(id => $"{id} {state.Trials[id].Phase} {state.Trials[id].LastEpoch}")];
}
