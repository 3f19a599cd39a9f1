using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// Folds a sweep's journal events into the read model tables. Each batch is one transaction that
/// also moves the sweep's stored offset, and events at or below the offset are skipped, so
/// projecting is idempotent: any number of projectors (the coordinator's, a query's catch-up) may
/// run at once and the tables end up the same as one pass over the journal.
/// </summary>
public sealed class ReadModelWriter(DbConnection connection)
{
    /// <returns>
    /// How many events were new; or null, with nothing applied, when the first new event does not
    /// follow the stored offset (events are missing in between: catch up from the journal instead).
    /// </returns>
    public int? Apply(string sweepId, IEnumerable<(long SequenceNr, ISweepEvent Event)> events)
    {
        var persistenceId = JournalNames.PersistenceId(sweepId);
        using var transaction = connection.BeginTransaction();
        // Touching the offset row first locks it (PostgreSQL) or takes the write lock (SQLite), so
        // concurrent projectors of one sweep take turns instead of both applying the same events.
        connection.Execute(transaction, "INSERT INTO rm_offsets (persistence_id, sequence_nr) VALUES (@p, 0) ON CONFLICT (persistence_id) DO NOTHING", ("@p", persistenceId));
        connection.Execute(transaction, "UPDATE rm_offsets SET sequence_nr = sequence_nr WHERE persistence_id = @p", ("@p", persistenceId));
        var last = Scalar(transaction, "SELECT sequence_nr FROM rm_offsets WHERE persistence_id = @p", ("@p", persistenceId));
        var fresh = new List<ISweepEvent>();
        foreach (var (sequenceNr, e) in events)
        {
            if (sequenceNr <= last)
                continue;
            if (sequenceNr != last + 1)
                return null;
            fresh.Add(e);
            last = sequenceNr;
        }
        if (fresh.Count == 0)
            return 0;
        // In a cancelled sweep, trials may leave the state "cancelled", which the moves below do not know: recount.
        var counts = new CountChanges { RecountAll = Scalar(transaction, "SELECT COUNT(*) FROM rm_sweeps WHERE sweep_id = @s AND state = @c", ("@s", sweepId), ("@c", States.Cancelled)) > 0 };
        var statements = new Statements(connection, transaction);
        foreach (var e in fresh)
            ApplyOne(statements, e, counts);
        UpdateCounts(statements, sweepId, counts);
        statements.Add("UPDATE rm_offsets SET sequence_nr = @s WHERE persistence_id = @p", ("@s", last), ("@p", persistenceId));
        statements.Flush();
        transaction.Commit();
        return fresh.Count;
    }

    public long Offset(string sweepId) =>
        Scalar(null, "SELECT COALESCE(MAX(sequence_nr), 0) FROM rm_offsets WHERE persistence_id = @p", ("@p", JournalNames.PersistenceId(sweepId)));

    private long Scalar(DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(tx, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void ApplyOne(Statements tx, ISweepEvent e, CountChanges counts)
    {
        switch (e)
        {
            case SweepSubmitted s:
                Submit(tx, s);
                break;
            case TrialDispatched d:
                counts.Move(TrialLifecycle.Queued, TrialLifecycle.Running);
                Exec(tx, "UPDATE rm_trials SET state = @state, attempt = @a, node = @n, last_epoch = 0, latest_epoch = NULL, started_at = @at WHERE sweep_id = @s AND trial_id = @t",
                    ("@state", TrialLifecycle.Running.Text()), ("@a", d.Attempt), ("@n", d.Node), ("@at", Time(d.At)), ("@s", d.SweepId), ("@t", d.TrialId));
                if (d.Group is { } group)
                {
                    Exec(tx, "INSERT INTO rm_fused (sweep_id, trial_id, attempt, group_id, members) VALUES (@s, @t, @a, @g, @m) ON CONFLICT (sweep_id, trial_id, attempt) DO NOTHING",
                        ("@s", d.SweepId), ("@t", d.TrialId), ("@a", d.Attempt), ("@g", group.Id), ("@m", group.Members));
                }
                break;
            case EpochRecorded r:
                Epoch(tx, r);
                break;
            case TrialFinished f:
                counts.Move(TrialLifecycle.Running, TrialLifecycles.Of(f.Outcome.Status));
                Exec(tx, """
                    UPDATE rm_trials SET state = @state, outcome = @o, best_epoch = @b, val_accuracy = @va, val_loss = @vl,
                      test_accuracy = @ta, test_loss = @tl, finished_at = @at WHERE sweep_id = @s AND trial_id = @t
                    """,
                    ("@state", TrialLifecycles.Of(f.Outcome.Status).Text()), ("@o", Json(f.Outcome)), ("@b", f.Outcome.BestEpoch),
                    ("@va", f.Outcome.ValAccuracy), ("@vl", f.Outcome.ValLoss), ("@ta", f.Outcome.TestAccuracy), ("@tl", f.Outcome.TestLoss),
                    ("@at", Time(f.At)), ("@s", f.SweepId), ("@t", f.TrialId));
                break;
            case TrialFailed f:
                var state = f.WillRetry ? TrialLifecycle.Queued : TrialLifecycle.Failed;
                counts.Move(TrialLifecycle.Running, state);
                Exec(tx, "UPDATE rm_trials SET state = @state, error = @e, retries = retries + @r, node = CASE WHEN @r = 1 THEN NULL ELSE node END, finished_at = @at WHERE sweep_id = @s AND trial_id = @t",
                    ("@state", state.Text()), ("@e", f.Error), ("@r", f.WillRetry ? 1 : 0), ("@at", f.WillRetry ? null : Time(f.At)), ("@s", f.SweepId), ("@t", f.TrialId));
                break;
            case TrialsRetried r:
                foreach (var trialId in r.TrialIds)
                {
                    Exec(tx, "UPDATE rm_trials SET state = @state, retries = 0, node = NULL, finished_at = NULL WHERE sweep_id = @s AND trial_id = @t",
                        ("@state", TrialLifecycle.Queued.Text()), ("@s", r.SweepId), ("@t", trialId));
                }
                Exec(tx, "UPDATE rm_sweeps SET state = @state, ended_at = NULL WHERE sweep_id = @s", ("@state", States.Running), ("@s", r.SweepId));
                counts.RecountAll = true;
                break;
            case ChangedDataAccepted a:
                // Fingerprints are "sha256:" and 64 hex digits: replacing the text replaces the value alone.
                Exec(tx, "UPDATE rm_trials SET spec = REPLACE(spec, @from, @to) WHERE sweep_id = @s", ("@from", a.From), ("@to", a.To), ("@s", a.SweepId));
                break;
            case TrialProposed p:
                // Counted in the sweep's total since its submission, which planned it.
                InsertTrials(tx, p.SweepId, [p.Trial], firstPosition: p.Trial.Index);
                counts.Arrive(TrialLifecycle.Queued);
                break;
            case SamplingEnded ended:
                Exec(tx, "UPDATE rm_sweeps SET trials_total = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s) WHERE sweep_id = @s", ("@s", ended.SweepId));
                break;
            case TrialStopped x:
                counts.Move(TrialLifecycle.Running, TrialLifecycle.Stopped);
                Exec(tx, """
                    UPDATE rm_trials SET state = @state, outcome = @o, node = NULL, best_epoch = @e,
                      val_accuracy = (SELECT val_accuracy FROM rm_epochs WHERE sweep_id = @s AND trial_id = @t AND epoch = @e),
                      val_loss = (SELECT val_loss FROM rm_epochs WHERE sweep_id = @s AND trial_id = @t AND epoch = @e),
                      finished_at = @at WHERE sweep_id = @s AND trial_id = @t
                    """,
                    ("@state", TrialLifecycle.Stopped.Text()), ("@o", Json(new TrialOutcome(TrialStatus.Stopped, x.Epoch, null, null, x.Reason))), ("@e", x.Epoch),
                    ("@at", Time(x.At)), ("@s", x.SweepId), ("@t", x.TrialId));
                break;
            case TrialExploited x:
                counts.Move(TrialLifecycle.Running, TrialLifecycle.Queued);
                Exec(tx, "UPDATE rm_trials SET state = @state, node = NULL, spec = @spec, overrides = @o WHERE sweep_id = @s AND trial_id = @t",
                    ("@state", TrialLifecycle.Queued.Text()), ("@spec", Json(x.Definition.Spec)), ("@o", Json(x.Definition.Overrides)), ("@s", x.SweepId), ("@t", x.TrialId));
                break;
            case TrialRequeued r:
                counts.Move(TrialLifecycle.Running, TrialLifecycle.Queued);
                Exec(tx, "UPDATE rm_trials SET state = @state, node = NULL, retries = retries + @r WHERE sweep_id = @s AND trial_id = @t",
                    ("@state", TrialLifecycle.Queued.Text()), ("@r", r.CountsAsRetry ? 1 : 0), ("@s", r.SweepId), ("@t", r.TrialId));
                break;
            case SweepCancelled c:
                Exec(tx, "UPDATE rm_sweeps SET state = @state, ended_at = @at WHERE sweep_id = @s", ("@state", States.Cancelled), ("@at", Time(c.At)), ("@s", c.SweepId));
                // Trials that were waiting or training will not finish (one still training may yet report a result).
                Exec(tx, "UPDATE rm_trials SET state = @state, node = NULL WHERE sweep_id = @s AND state IN (@q, @r)",
                    ("@state", TrialLifecycle.Cancelled.Text()), ("@s", c.SweepId), ("@q", TrialLifecycle.Queued.Text()), ("@r", TrialLifecycle.Running.Text()));
                counts.RecountAll = true;
                break;
            case StageStarted s:
                Stage(tx, s);
                counts.RecountAll = true;
                break;
            case SweepCompleted c:
                Exec(tx, "UPDATE rm_sweeps SET state = @state, ended_at = @at WHERE sweep_id = @s", ("@state", States.Completed), ("@at", Time(c.At)), ("@s", c.SweepId));
                break;
        }
    }

    private static void Submit(Statements tx, SweepSubmitted s)
    {
        Exec(tx, """
            INSERT INTO rm_sweeps (sweep_id, name, file, state, trials_total, trials_queued, trials_running, trials_finished, trials_failed, submitted_at)
            VALUES (@s, @name, @file, @state, @total, @n, 0, 0, 0, @at)
            """,
            ("@s", s.SweepId), ("@name", s.Name), ("@file", s.File), ("@state", States.Running), ("@total", s.Planned ?? s.Trials.Count), ("@n", s.Trials.Count), ("@at", Time(s.At)));
        InsertTrials(tx, s.SweepId, s.Trials, firstPosition: 0);
    }

    /// <summary>A later stage's trials join the sweep after the ones before; the stage itself is kept for reports.</summary>
    private static void Stage(Statements tx, StageStarted s)
    {
        Exec(tx, """
            INSERT INTO rm_stages (sweep_id, stage, name, base_trial_id, members, first_position, started_at)
            VALUES (@s, @k, @name, @b, @m, (SELECT trials_total FROM rm_sweeps WHERE sweep_id = @s), @at)
            ON CONFLICT (sweep_id, stage) DO NOTHING
            """,
            ("@s", s.SweepId), ("@k", s.Stage), ("@name", s.Name), ("@b", s.BaseTrialId), ("@m", Json(s.Reused.Concat(s.Trials.Select(t => t.TrialId)).ToList())), ("@at", Time(s.At)));
        InsertTrials(tx, s.SweepId, s.Trials, firstPosition: s.Trials.Count == 0 ? 0 : s.Trials[0].Index);
        Exec(tx, "UPDATE rm_sweeps SET trials_total = trials_total + @n WHERE sweep_id = @s", ("@n", s.Trials.Count), ("@s", s.SweepId));
    }

    private static void InsertTrials(Statements tx, string sweepId, IReadOnlyList<TrialDefinition> trials, int firstPosition)
    {
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            Exec(tx, """
                INSERT INTO rm_trials (sweep_id, trial_id, position, label, overrides, spec, trainable_parameters, non_trainable_parameters, state, attempt, retries, last_epoch)
                VALUES (@s, @t, @i, @l, @o, @spec, @tp, @ntp, @state, 0, 0, 0)
                """,
                ("@s", sweepId), ("@t", trial.TrialId), ("@i", firstPosition + i), ("@l", trial.Label), ("@o", Json(trial.Overrides)), ("@spec", Json(trial.Spec)),
                ("@tp", trial.TrainableParameters), ("@ntp", trial.NonTrainableParameters), ("@state", TrialLifecycle.Queued.Text()));
        }
    }

    /// <summary>An epoch of a later attempt replaces the earlier attempt's epoch of the same number (a resumed trial continues the numbering).</summary>
    private static void Epoch(Statements tx, EpochRecorded r)
    {
        var m = r.Metrics;
        Exec(tx, """
            INSERT INTO rm_epochs (sweep_id, trial_id, epoch, attempt, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, seconds, images_per_second)
            VALUES (@s, @t, @e, @a, @trl, @tra, @vl, @va, @lr, @sec, @ips)
            ON CONFLICT (sweep_id, trial_id, epoch) DO UPDATE SET attempt = excluded.attempt, train_loss = excluded.train_loss,
              train_accuracy = excluded.train_accuracy, val_loss = excluded.val_loss, val_accuracy = excluded.val_accuracy,
              learning_rate = excluded.learning_rate, seconds = excluded.seconds, images_per_second = excluded.images_per_second
            WHERE excluded.attempt >= rm_epochs.attempt
            """,
            ("@s", r.SweepId), ("@t", r.TrialId), ("@e", m.Epoch), ("@a", r.Attempt), ("@trl", m.TrainLoss), ("@tra", m.TrainAccuracy),
            ("@vl", m.ValLoss), ("@va", m.ValAccuracy), ("@lr", m.LearningRate), ("@sec", m.Seconds), ("@ips", m.ImagesPerSecond));
        Exec(tx, "UPDATE rm_trials SET last_epoch = @e, latest_epoch = @m WHERE sweep_id = @s AND trial_id = @t AND attempt = @a",
            ("@e", m.Epoch), ("@m", Json(m)), ("@s", r.SweepId), ("@t", r.TrialId), ("@a", r.Attempt));
    }

    /// <summary>The sweep's counts: adjusted by the batch's moves, or recounted after a change to many trials at once.</summary>
    private static void UpdateCounts(Statements tx, string sweepId, CountChanges counts)
    {
        if (counts.RecountAll)
        {
            Exec(tx, """
                UPDATE rm_sweeps SET
                  trials_queued = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state = @q),
                  trials_running = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state = @r),
                  trials_failed = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state = @f),
                  trials_finished = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state IN (@c, @es, @d, @x))
                WHERE sweep_id = @s
                """,
                ("@s", sweepId), ("@q", TrialLifecycle.Queued.Text()), ("@r", TrialLifecycle.Running.Text()), ("@f", TrialLifecycle.Failed.Text()),
                ("@c", TrialLifecycle.Completed.Text()), ("@es", TrialLifecycle.EarlyStopped.Text()), ("@d", TrialLifecycle.Diverged.Text()), ("@x", TrialLifecycle.Stopped.Text()));
            return;
        }
        Exec(tx, """
            UPDATE rm_sweeps SET trials_queued = trials_queued + @q, trials_running = trials_running + @r,
              trials_finished = trials_finished + @fin, trials_failed = trials_failed + @f
            WHERE sweep_id = @s
            """,
            ("@q", counts.Queued), ("@r", counts.Running), ("@fin", counts.Finished), ("@f", counts.Failed), ("@s", sweepId));
    }

    /// <summary>How a batch changed the number of trials in each counted state.</summary>
    private sealed class CountChanges
    {
        public int Queued { get; private set; }

        public int Running { get; private set; }

        public int Finished { get; private set; }

        public int Failed { get; private set; }

        public bool RecountAll { get; set; }

        /// <summary>A new trial in <paramref name="state"/>.</summary>
        public void Arrive(TrialLifecycle state) => Add(state, +1);

        public void Move(TrialLifecycle from, TrialLifecycle to)
        {
            Add(from, -1);
            Add(to, +1);
        }

        private void Add(TrialLifecycle state, int change)
        {
            if (state == TrialLifecycle.Queued)
                Queued += change;
            else if (state == TrialLifecycle.Running)
                Running += change;
            else if (state.IsFinished())
                Finished += change;
            else if (state == TrialLifecycle.Failed)
                Failed += change;
        }
    }

    private static void Exec(Statements tx, string sql, params (string Name, object? Value)[] parameters) => tx.Add(sql, parameters);

    /// <summary>
    /// A transaction's statements, sent together: in one round trip per chunk where the provider
    /// batches (PostgreSQL: one round trip per statement made projecting ten times slower than
    /// recording), one by one where it does not (SQLite, which runs in process).
    /// </summary>
    private sealed class Statements(DbConnection connection, DbTransaction transaction)
    {
        private const int Chunk = 500;
        private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _pending = [];

        public void Add(string sql, params (string Name, object? Value)[] parameters)
        {
            _pending.Add((sql, parameters));
            if (_pending.Count >= Chunk)
                Flush();
        }

        public void Flush()
        {
            if (!connection.CanCreateBatch)
            {
                foreach (var (sql, parameters) in _pending)
                    connection.Execute(transaction, sql, parameters);
            }
            else if (_pending.Count > 0)
            {
                using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var (sql, parameters) in _pending)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    StoreConnections.AddParameters(command.Parameters, command.CreateParameter, parameters);
                    batch.BatchCommands.Add(command);
                }
                batch.ExecuteNonQuery();
            }
            _pending.Clear();
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, SpecJson.Options);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
