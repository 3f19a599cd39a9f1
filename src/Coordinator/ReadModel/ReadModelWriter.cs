using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Persistence;
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
    /// <returns>How many events were new.</returns>
    public int Apply(string sweepId, IEnumerable<(long SequenceNr, ISweepEvent Event)> events)
    {
        var persistenceId = JournalNames.PersistenceId(sweepId);
        using var transaction = connection.BeginTransaction();
        // Touching the offset row first locks it (PostgreSQL) or takes the write lock (SQLite), so
        // concurrent projectors of one sweep take turns instead of both applying the same events.
        connection.Execute(transaction, "INSERT INTO rm_offsets (persistence_id, sequence_nr) VALUES (@p, 0) ON CONFLICT (persistence_id) DO NOTHING", ("@p", persistenceId));
        connection.Execute(transaction, "UPDATE rm_offsets SET sequence_nr = sequence_nr WHERE persistence_id = @p", ("@p", persistenceId));
        var offset = Convert.ToInt64(connection.Command(transaction, "SELECT sequence_nr FROM rm_offsets WHERE persistence_id = @p", ("@p", persistenceId)).ExecuteScalar(), CultureInfo.InvariantCulture);
        var applied = 0;
        var last = offset;
        foreach (var (sequenceNr, e) in events)
        {
            if (sequenceNr <= last)
                continue;
            ApplyOne(transaction, e);
            last = sequenceNr;
            applied++;
        }
        if (applied > 0)
        {
            Recount(transaction, sweepId);
            connection.Execute(transaction, "UPDATE rm_offsets SET sequence_nr = @s WHERE persistence_id = @p", ("@s", last), ("@p", persistenceId));
        }
        transaction.Commit();
        return applied;
    }

    public long Offset(string sweepId) =>
        Convert.ToInt64(connection.Command(null, "SELECT COALESCE(MAX(sequence_nr), 0) FROM rm_offsets WHERE persistence_id = @p", ("@p", JournalNames.PersistenceId(sweepId))).ExecuteScalar(), CultureInfo.InvariantCulture);

    private void ApplyOne(DbTransaction tx, ISweepEvent e)
    {
        switch (e)
        {
            case SweepSubmitted s:
                Submit(tx, s);
                break;
            case TrialDispatched d:
                Exec(tx, "UPDATE rm_trials SET state = @state, attempt = @a, node = @n, last_epoch = 0, latest_epoch = NULL, started_at = @at WHERE sweep_id = @s AND trial_id = @t",
                    ("@state", States.Running), ("@a", d.Attempt), ("@n", d.Node), ("@at", Time(d.At)), ("@s", d.SweepId), ("@t", d.TrialId));
                break;
            case EpochRecorded r:
                Epoch(tx, r);
                break;
            case TrialFinished f:
                Exec(tx, """
                    UPDATE rm_trials SET state = @state, node = NULL, outcome = @o, best_epoch = @b, val_accuracy = @va, val_loss = @vl,
                      test_accuracy = @ta, test_loss = @tl, finished_at = @at WHERE sweep_id = @s AND trial_id = @t
                    """,
                    ("@state", States.Of(f.Outcome.Status)), ("@o", Json(f.Outcome)), ("@b", f.Outcome.BestEpoch),
                    ("@va", f.Outcome.Validation?.Accuracy), ("@vl", f.Outcome.Validation?.LogLoss), ("@ta", f.Outcome.Test?.Accuracy), ("@tl", f.Outcome.Test?.LogLoss),
                    ("@at", Time(f.At)), ("@s", f.SweepId), ("@t", f.TrialId));
                break;
            case TrialFailed f:
                Exec(tx, "UPDATE rm_trials SET state = @state, node = NULL, error = @e, retries = retries + @r, finished_at = @at WHERE sweep_id = @s AND trial_id = @t",
                    ("@state", f.WillRetry ? States.Queued : States.Failed), ("@e", f.Error), ("@r", f.WillRetry ? 1 : 0), ("@at", f.WillRetry ? null : Time(f.At)), ("@s", f.SweepId), ("@t", f.TrialId));
                break;
            case TrialRequeued r:
                Exec(tx, "UPDATE rm_trials SET state = @state, node = NULL, retries = retries + @r WHERE sweep_id = @s AND trial_id = @t",
                    ("@state", States.Queued), ("@r", r.CountsAsRetry ? 1 : 0), ("@s", r.SweepId), ("@t", r.TrialId));
                break;
            case SweepCancelled c:
                Exec(tx, "UPDATE rm_sweeps SET state = @state, ended_at = @at WHERE sweep_id = @s", ("@state", States.Cancelled), ("@at", Time(c.At)), ("@s", c.SweepId));
                // Trials that were waiting or training will not finish (one still training may yet report a result).
                Exec(tx, "UPDATE rm_trials SET state = @state, node = NULL WHERE sweep_id = @s AND state IN (@q, @r)",
                    ("@state", States.Cancelled), ("@s", c.SweepId), ("@q", States.Queued), ("@r", States.Running));
                break;
            case SweepCompleted c:
                Exec(tx, "UPDATE rm_sweeps SET state = @state, ended_at = @at WHERE sweep_id = @s", ("@state", States.Completed), ("@at", Time(c.At)), ("@s", c.SweepId));
                break;
        }
    }

    private void Submit(DbTransaction tx, SweepSubmitted s)
    {
        Exec(tx, """
            INSERT INTO rm_sweeps (sweep_id, name, file, state, trials_total, trials_queued, trials_running, trials_finished, trials_failed, submitted_at)
            VALUES (@s, @name, @file, @state, @n, @n, 0, 0, 0, @at)
            """,
            ("@s", s.SweepId), ("@name", s.Name), ("@file", s.File), ("@state", States.Running), ("@n", s.Trials.Count), ("@at", Time(s.At)));
        for (var position = 0; position < s.Trials.Count; position++)
        {
            var trial = s.Trials[position];
            Exec(tx, """
                INSERT INTO rm_trials (sweep_id, trial_id, position, label, overrides, spec, trainable_parameters, non_trainable_parameters, state, attempt, retries, last_epoch)
                VALUES (@s, @t, @i, @l, @o, @spec, @tp, @ntp, @state, 0, 0, 0)
                """,
                ("@s", s.SweepId), ("@t", trial.TrialId), ("@i", position), ("@l", trial.Label), ("@o", Json(trial.Overrides)), ("@spec", Json(trial.Spec)),
                ("@tp", trial.TrainableParameters), ("@ntp", trial.NonTrainableParameters), ("@state", States.Queued));
        }
    }

    /// <summary>An epoch of a later attempt replaces the earlier attempt's epoch of the same number (a resumed trial continues the numbering).</summary>
    private void Epoch(DbTransaction tx, EpochRecorded r)
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

    private void Recount(DbTransaction tx, string sweepId) => Exec(tx, """
        UPDATE rm_sweeps SET
          trials_queued = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state = @q),
          trials_running = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state = @r),
          trials_failed = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state = @f),
          trials_finished = (SELECT COUNT(*) FROM rm_trials WHERE sweep_id = @s AND state IN (@c, @es, @d))
        WHERE sweep_id = @s
        """,
        ("@s", sweepId), ("@q", States.Queued), ("@r", States.Running), ("@f", States.Failed), ("@c", States.Completed), ("@es", States.EarlyStopped), ("@d", States.Diverged));

    private void Exec(DbTransaction tx, string sql, params (string Name, object? Value)[] parameters) => connection.Execute(tx, sql, parameters);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, SpecJson.Options);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
