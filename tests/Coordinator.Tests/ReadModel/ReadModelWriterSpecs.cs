using System.Data.Common;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Persistence;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.ReadModel;

/// <summary>The projection on a real SQLite file.</summary>
public sealed class SqliteReadModelWriterSpecs : ReadModelWriterSpecs
{
    private readonly TemporaryFolder _folder;

    public SqliteReadModelWriterSpecs()
        : this(new TemporaryFolder("sweep-readmodel-"))
    {
    }

    private SqliteReadModelWriterSpecs(TemporaryFolder folder)
        : base(folder.File("sweeps.db")) => _folder = folder;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _folder.Dispose();
    }
}

/// <summary>The projection on a real PostgreSQL server (statements sent in batches).</summary>
public sealed class PostgreSqlReadModelWriterSpecs : ReadModelWriterSpecs
{
    private readonly PostgresDatabase _database;

    public PostgreSqlReadModelWriterSpecs()
        : this(new PostgresDatabase())
    {
    }

    private PostgreSqlReadModelWriterSpecs(PostgresDatabase database)
        : base(database.ConnectionString) => _database = database;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}

/// <summary>What each event does to the read model tables, and that replays change nothing.</summary>
public abstract class ReadModelWriterSpecs : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly DbConnection _connection;

    protected ReadModelWriterSpecs(string database)
    {
        _connection = StoreConnections.Open(database);
        ReadModelSchema.Ensure(_connection);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) => _connection.Dispose();

    private ReadModelWriter Writer => new(_connection);

    private ReadModelReader Reader => new(_connection);

    private static SweepSubmitted Submitted(int trials) => new("s", "sweep", "s.yaml", "name: sweep",
        [.. Enumerable.Range(0, trials).Select(i => new TrialDefinition($"t{i}", i, $"trial {i}", new Dictionary<string, string> { ["training.seed"] = i.ToString() }, new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), i), 10 + i, 2))], At);

    private static EpochMetrics Epoch(int epoch, double valAccuracy) => new(epoch, 0.5, 0.8, 0.6, valAccuracy, 1e-3, 1.5, 900);

    private static ClassificationReport Report(double accuracy) => new(100, accuracy, 0.3, [[1]], [], new AveragedMetrics(1, 1, 1), new AveragedMetrics(1, 1, 1), null);

    private static IEnumerable<(long, ISweepEvent)> Numbered(params ISweepEvent[] events) => events.Select((e, i) => ((long)i + 1, e));

    private static ISweepEvent[] Run() =>
    [
        Submitted(3),
        new TrialDispatched("s", "t0", 1, "node-a", At),
        new TrialDispatched("s", "t1", 1, "node-a", At),
        new EpochRecorded("s", "t0", 1, Epoch(1, 0.7)),
        new EpochRecorded("s", "t0", 1, Epoch(2, 0.8)),
        new TrialFinished("s", "t0", 1, new TrialOutcome(TrialStatus.EarlyStopped, 2, Report(0.81), Report(0.79), null), At),
        new EpochRecorded("s", "t1", 1, Epoch(1, 0.6)),
        new TrialRequeued("s", "t1", 1, "node lost", true, At),
        new TrialDispatched("s", "t1", 2, "node-b", At),
        new EpochRecorded("s", "t1", 2, Epoch(1, 0.65)),
        new TrialFailed("s", "t1", 2, "out of memory", false, At),
    ];

    [Fact]
    public void Events_become_rows_with_counts_states_metrics_and_epochs()
    {
        Assert.Equal(11, Writer.Apply("s", Numbered(Run())));

        var sweep = Reader.Sweep("s")!;
        Assert.Equal((States.Running, 3, 1, 0, 1, 1), (sweep.State, sweep.Total, sweep.Queued, sweep.Running, sweep.Finished, sweep.Failed));
        var trials = Reader.Trials("s");
        Assert.Equal(["t0", "t1", "t2"], trials.Select(t => t.TrialId));
        Assert.Equal((TrialLifecycle.EarlyStopped, 2, 0.79), (trials[0].State, trials[0].LastEpoch, trials[0].Outcome!.Test!.Accuracy));
        Assert.Equal((TrialLifecycle.Failed, 2, 1, "out of memory"), (trials[1].State, trials[1].Attempt, trials[1].Retries, trials[1].Error));
        Assert.Equal((TrialLifecycle.Queued, 0, 12L), (trials[2].State, trials[2].Attempt, trials[2].TrainableParameters));
        Assert.Equal<DateTimeOffset?>([At, At, null], trials.Select(t => t.FinishedAt));
        Assert.Equal("2", trials[2].Overrides["training.seed"]);
        Assert.Equal([0.7, 0.8], Reader.Epochs("s", "t0").Select(e => e.ValAccuracy));
        Assert.Equal(0.65, Assert.Single(Reader.Epochs("s", "t1")).ValAccuracy);
    }

    [Fact]
    public void A_sweeps_curves_are_read_at_once_and_the_running_trials_of_every_sweep_with_their_fused_groups()
    {
        Writer.Apply("s", Numbered(Run()));
        Writer.Apply("s", [(12, new TrialDispatched("s", "t2", 1, "node-b", At, new FusedGroup("t2#1", 2))), (13, new EpochRecorded("s", "t2", 1, Epoch(1, 0.5)))]);

        var curves = Reader.Epochs("s");
        Assert.Equal([0.7, 0.8], curves["t0"].Select(e => e.ValAccuracy));
        Assert.Equal([0.65], curves["t1"].Select(e => e.ValAccuracy));
        Assert.Equal([0.5], curves["t2"].Select(e => e.ValAccuracy));
        var running = Assert.Single(Reader.RunningTrials());
        Assert.Equal(("t2", "node-b", 1), (running.TrialId, running.Node, running.LastEpoch));
        Assert.Equal((("s", "t2"), "t2#1"), Assert.Single(Reader.RunningGroups()) is var g ? (g.Key, g.Value) : default);
    }

    [Fact]
    public void Times_are_the_epochs_seconds_summed_and_the_current_attempts_dispatch_to_end()
    {
        Writer.Apply("s", Numbered(
            Submitted(2),
            new TrialDispatched("s", "t0", 1, "node-a", At),
            new EpochRecorded("s", "t0", 1, Epoch(1, 0.7)),
            new EpochRecorded("s", "t0", 1, Epoch(2, 0.8)),
            new TrialFinished("s", "t0", 1, new TrialOutcome(TrialStatus.Completed, 2, Report(0.81), Report(0.79), null), At.AddSeconds(40)),
            new TrialDispatched("s", "t1", 1, "node-a", At.AddSeconds(40)),
            new EpochRecorded("s", "t1", 1, Epoch(1, 0.6))));

        var times = Reader.Times("s");

        Assert.Equal([new TrialTimes("t0", 3.0, 40), new TrialTimes("t1", 1.5, null)], times);
    }

    [Fact]
    public void A_later_stage_adds_its_trials_after_the_others_and_is_recorded_with_its_base_and_members()
    {
        var submitted = Submitted(2);
        var added = new TrialDefinition("t2", 2, "faster", new Dictionary<string, string> { ["training.optimizer.learning_rate"] = "0.01" },
            new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 2), 12, 2);

        Writer.Apply("s", Numbered(
            submitted,
            new TrialDispatched("s", "t0", 1, "n", At), new TrialFinished("s", "t0", 1, new TrialOutcome(TrialStatus.Completed, 1, Report(0.9), null, null), At),
            new TrialDispatched("s", "t1", 1, "n", At), new TrialFinished("s", "t1", 1, new TrialOutcome(TrialStatus.Completed, 1, Report(0.8), null, null), At),
            new StageStarted("s", 1, "rate", "t0", [added], ["t0"], At)));

        var sweep = Reader.Sweep("s")!;
        Assert.Equal((3, 1, 2, States.Running), (sweep.Total, sweep.Queued, sweep.Finished, sweep.State));
        Assert.Equal(["t0", "t1", "t2"], Reader.Trials("s").Select(t => t.TrialId));
        Assert.Equal((2, "faster", TrialLifecycle.Queued), (Reader.Trials("s")[2].Position, Reader.Trials("s")[2].Label, Reader.Trials("s")[2].State));
        var stage = Assert.Single(Reader.Stages("s"));
        Assert.Equal((1, "rate", "t0", 2), (stage.Stage, stage.Name, stage.BaseTrialId, stage.FirstPosition));
        Assert.Equal(["t0", "t2"], stage.Members);
    }

    [Fact]
    public void Adaptive_search_events_stop_trials_with_their_last_epoch_requeue_exploited_ones_and_grow_into_the_planned_total()
    {
        var proposed = new TrialDefinition("t2", 2, "sample 3", new Dictionary<string, string> { ["training.optimizer.learning_rate"] = "0.01" },
            new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 2), 12, 2);
        var exploited = Submitted(2).Trials[1] with { Spec = proposed.Spec, Overrides = proposed.Overrides };

        Writer.Apply("s", Numbered(
            Submitted(2) with { Planned = 4 },
            new TrialDispatched("s", "t0", 1, "n", At), new EpochRecorded("s", "t0", 1, Epoch(1, 0.4)), new EpochRecorded("s", "t0", 1, Epoch(2, 0.45)),
            new TrialStopped("s", "t0", 1, 2, "asha", 0, "rung 0 (epoch 2): not in the top 1 of 2", At),
            new TrialDispatched("s", "t1", 1, "n", At), new EpochRecorded("s", "t1", 1, Epoch(2, 0.3)),
            new TrialExploited("s", "t1", 1, 2, exploited, new PbtOrigin("t0", 0, 2), "bottom 1 of 2", At),
            new TrialProposed("s", proposed, At)));

        var sweep = Reader.Sweep("s")!;
        Assert.Equal((4, 2, 0, 1), (sweep.Total, sweep.Queued, sweep.Running, sweep.Finished));
        var trials = Reader.Trials("s");
        var stopped = trials[0].ToResult();
        Assert.Equal((TrialLifecycle.Stopped.Text(), 0.45, (double?)null), (stopped.State, stopped.ValAccuracy, stopped.TestAccuracy));
        Assert.Contains("rung 0", stopped.Note);
        Assert.Equal((TrialLifecycle.Queued, "0.01", (string?)null), (trials[1].State, trials[1].Overrides["training.optimizer.learning_rate"], trials[1].Node));
        Assert.Equal((2, "sample 3", TrialLifecycle.Queued), (trials[2].Position, trials[2].Label, trials[2].State));
        Assert.Equal(0.45, Leaderboard.Rows([.. trials.Select(t => t.ToResult())], "val_accuracy")[0].ValAccuracy);

        Writer.Apply("s", [(10, new SamplingEnded("s", "used up", At))]);
        Assert.Equal(3, Reader.Sweep("s")!.Total);
    }

    [Fact]
    public void Applying_events_again_or_in_overlapping_batches_changes_nothing()
    {
        var events = Numbered(Run()).ToList();
        Writer.Apply("s", events.Take(7));
        Assert.Equal(4, Writer.Apply("s", events.Skip(3)));
        Assert.Equal(0, Writer.Apply("s", events));

        var trial = Reader.Trials("s")[1];
        Assert.Equal((1, 11L), (trial.Retries, Writer.Offset("s")));
        Assert.Equal(1, Reader.Sweep("s")!.Failed);
    }

    [Fact]
    public void A_later_attempt_replaces_the_epochs_it_reran_and_keeps_the_earlier_ones()
    {
        Writer.Apply("s", Numbered(
            Submitted(1),
            new TrialDispatched("s", "t0", 1, "a", At),
            new EpochRecorded("s", "t0", 1, Epoch(1, 0.5)),
            new EpochRecorded("s", "t0", 1, Epoch(2, 0.6)),
            new EpochRecorded("s", "t0", 1, Epoch(3, 0.7)),
            new TrialRequeued("s", "t0", 1, "restart", false, At),
            new TrialDispatched("s", "t0", 2, "b", At),
            new EpochRecorded("s", "t0", 2, Epoch(3, 0.75)),
            new EpochRecorded("s", "t0", 2, Epoch(4, 0.8))));

        Assert.Equal([0.5, 0.6, 0.75, 0.8], Reader.Epochs("s", "t0").Select(e => e.ValAccuracy));
        var trial = Reader.Trials("s")[0];
        Assert.Equal((TrialLifecycle.Running, 4, 0), (trial.State, trial.Latest!.Epoch, trial.Retries));
    }

    [Fact]
    public void Cancelling_ends_waiting_and_running_trials_but_a_late_result_still_counts()
    {
        var events = Numbered(
            Submitted(3),
            new TrialDispatched("s", "t0", 1, "a", At),
            new TrialDispatched("s", "t1", 1, "a", At),
            new SweepCancelled("s", At),
            new TrialFinished("s", "t1", 1, new TrialOutcome(TrialStatus.Completed, 1, Report(0.5), Report(0.5), null), At)).ToList();
        Writer.Apply("s", events.Take(4));

        // The late result comes in a batch of its own: the writer must see from the tables that the sweep was cancelled.
        Writer.Apply("s", events.Skip(4));

        var sweep = Reader.Sweep("s")!;
        Assert.Equal((States.Cancelled, 0, 0, 1), (sweep.State, sweep.Queued, sweep.Running, sweep.Finished));
        Assert.Equal([TrialLifecycle.Cancelled, TrialLifecycle.Completed, TrialLifecycle.Cancelled], Reader.Trials("s").Select(t => t.State));
        Assert.NotNull(sweep.EndedAt);
    }

    [Fact]
    public void A_trial_id_is_found_in_the_latest_sweep_that_ran_it()
    {
        Writer.Apply("s", Numbered(Submitted(1)));
        Writer.Apply("later", Numbered(Submitted(1) with { SweepId = "later", At = At.AddHours(1) }));

        Assert.Equal("later", Reader.Trial("t0")!.SweepId);
        Assert.Null(Reader.Trial("t9"));
        Assert.Equal(["s", "later"], Reader.Sweeps().Select(s => s.SweepId));
    }
}
