using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>Queries over the read model tables: what every CLI view shows.</summary>
public sealed class ReadModelReader(DbConnection connection)
{
    private const string SweepColumns = "sweep_id, name, file, state, trials_total, trials_queued, trials_running, trials_finished, trials_failed, submitted_at, ended_at";

    private const string EpochColumns = "epoch, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, seconds, images_per_second";

    private const string TrialColumns = """
        sweep_id, trial_id, position, label, overrides, spec, trainable_parameters, non_trainable_parameters, state, attempt, retries, node,
        last_epoch, latest_epoch, outcome, error, finished_at
        """;

    /// <summary>Every sweep, oldest first.</summary>
    public IReadOnlyList<SweepSummary> Sweeps() => Read($"SELECT {SweepColumns} FROM rm_sweeps ORDER BY submitted_at, sweep_id", ReadSweep);

    public SweepSummary? Sweep(string sweepId) =>
        Read($"SELECT {SweepColumns} FROM rm_sweeps WHERE sweep_id = @s", ReadSweep, ("@s", sweepId)).SingleOrDefault();

    /// <summary>The sweep's trials in plan order.</summary>
    public IReadOnlyList<TrialRecord> Trials(string sweepId) =>
        Read($"SELECT {TrialColumns} FROM rm_trials WHERE sweep_id = @s ORDER BY position", ReadTrial, ("@s", sweepId));

    /// <summary>The sweep's trials in one state, in plan order.</summary>
    public IReadOnlyList<TrialRecord> Trials(string sweepId, TrialLifecycle state) =>
        Read($"SELECT {TrialColumns} FROM rm_trials WHERE sweep_id = @s AND state = @state ORDER BY position", ReadTrial, ("@s", sweepId), ("@state", state.Text()));

    /// <summary>The sequence number of the sweep's last projected event: the read model's version of it.</summary>
    public long Offset(string sweepId) => Read(
        "SELECT COALESCE(MAX(sequence_nr), 0) FROM rm_offsets WHERE persistence_id = @p",
        r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), ("@p", Persistence.JournalNames.PersistenceId(sweepId))).Single();

    /// <summary>A trial by id; when several sweeps ran the same spec, the latest sweep's.</summary>
    public TrialRecord? Trial(string trialId) => Read($"""
        SELECT {string.Join(", ", TrialColumns.Split(',').Select(c => "t." + c.Trim()))} FROM rm_trials t JOIN rm_sweeps s ON s.sweep_id = t.sweep_id
        WHERE t.trial_id = @t ORDER BY s.submitted_at DESC
        """, ReadTrial, ("@t", trialId)).FirstOrDefault();

    /// <summary>The fused groups the trial's attempts trained in, by attempt (attempts that trained alone are absent).</summary>
    public IReadOnlyList<FusedAttempt> FusedAttempts(string sweepId, string trialId) => Read(
        "SELECT attempt, group_id, members FROM rm_fused WHERE sweep_id = @s AND trial_id = @t ORDER BY attempt",
        r => new FusedAttempt(r.GetInt32(0), r.GetString(1), r.GetInt32(2)),
        ("@s", sweepId), ("@t", trialId));

    /// <summary>The trial's epochs in order (each from the latest attempt that reached it).</summary>
    public IReadOnlyList<EpochMetrics> Epochs(string sweepId, string trialId) => Read($"""
        SELECT {EpochColumns} FROM rm_epochs WHERE sweep_id = @s AND trial_id = @t ORDER BY epoch
        """, r => ReadEpoch(r, 0), ("@s", sweepId), ("@t", trialId));

    /// <summary>Every trial's epochs, by trial, each in order: a sweep's learning curves in one query.</summary>
    public IReadOnlyDictionary<string, List<EpochMetrics>> Epochs(string sweepId)
    {
        var byTrial = new Dictionary<string, List<EpochMetrics>>();
        foreach (var (trialId, epoch) in Read($"SELECT trial_id, {EpochColumns} FROM rm_epochs WHERE sweep_id = @s ORDER BY trial_id, epoch",
            r => (r.GetString(0), ReadEpoch(r, 1)), ("@s", sweepId)))
        {
            if (!byTrial.TryGetValue(trialId, out var history))
                byTrial[trialId] = history = [];
            history.Add(epoch);
        }
        return byTrial;
    }

    /// <summary>The trials running now in any sweep, oldest sweep first.</summary>
    public IReadOnlyList<TrialRecord> RunningTrials() => Read($"""
        SELECT {string.Join(", ", TrialColumns.Split(',').Select(c => "t." + c.Trim()))} FROM rm_trials t JOIN rm_sweeps s ON s.sweep_id = t.sweep_id
        WHERE t.state = @state ORDER BY s.submitted_at, t.sweep_id, t.position
        """, ReadTrial, ("@state", TrialLifecycle.Running.Text()));

    /// <summary>The fused group each running trial's current attempt trains in, by (sweep, trial); trials training alone are absent.</summary>
    public IReadOnlyDictionary<(string SweepId, string TrialId), string> RunningGroups() => Read("""
        SELECT f.sweep_id, f.trial_id, f.group_id FROM rm_fused f
        JOIN rm_trials t ON t.sweep_id = f.sweep_id AND t.trial_id = f.trial_id AND t.attempt = f.attempt
        WHERE t.state = @state
        """, r => (r.GetString(0), r.GetString(1), r.GetString(2)), ("@state", TrialLifecycle.Running.Text()))
        .ToDictionary(g => (g.Item1, g.Item2), g => g.Item3);

    /// <summary>Each trial's training time (its epochs' seconds summed) and the wall time of its current attempt, in plan order.</summary>
    public IReadOnlyList<TrialTimes> Times(string sweepId) => Read("""
        SELECT t.trial_id, (SELECT SUM(e.seconds) FROM rm_epochs e WHERE e.sweep_id = t.sweep_id AND e.trial_id = t.trial_id), t.started_at, t.finished_at
        FROM rm_trials t WHERE t.sweep_id = @s ORDER BY t.position
        """,
        r => new TrialTimes(r.GetString(0), r.IsDBNull(1) ? 0 : Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture),
            r.IsDBNull(2) || r.IsDBNull(3) ? null : (Time(r.GetString(3)) - Time(r.GetString(2))).TotalSeconds),
        ("@s", sweepId));

    /// <summary>The mean seconds an epoch of the sweep took, over every epoch recorded; null before the first.</summary>
    public double? MeanEpochSeconds(string sweepId) => Read(
        "SELECT AVG(seconds) FROM rm_epochs WHERE sweep_id = @s",
        r => r.IsDBNull(0) ? (double?)null : Convert.ToDouble(r.GetValue(0), CultureInfo.InvariantCulture), ("@s", sweepId)).Single();

    /// <summary>The later stages of a stages sweep, in order (none for other sweeps, or before the second stage starts).</summary>
    public IReadOnlyList<StageRecord> Stages(string sweepId) => Read(
        "SELECT stage, name, base_trial_id, members, first_position, started_at FROM rm_stages WHERE sweep_id = @s ORDER BY stage",
        r => new StageRecord(r.GetInt32(0), r.GetString(1), r.GetString(2), Json<List<string>>(r.GetString(3)), r.GetInt32(4), Time(r.GetString(5))),
        ("@s", sweepId));

    private List<T> Read<T>(string sql, Func<DbDataReader, T> row, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(null, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(row(reader));
        return rows;
    }

    private static EpochMetrics ReadEpoch(DbDataReader r, int first) => new(
        r.GetInt32(first), r.GetDouble(first + 1), r.GetDouble(first + 2), r.GetDouble(first + 3), r.GetDouble(first + 4), r.GetDouble(first + 5), r.GetDouble(first + 6), r.GetDouble(first + 7));

    private static SweepSummary ReadSweep(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8),
        Time(r.GetString(9)), r.IsDBNull(10) ? null : Time(r.GetString(10)));

    private static TrialRecord ReadTrial(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3),
        Json<Dictionary<string, string>>(r.GetString(4)), Json<TrialSpec>(r.GetString(5)),
        r.GetInt64(6), r.GetInt64(7), TrialLifecycles.Parse(r.GetString(8)), r.GetInt32(9), r.GetInt32(10), r.IsDBNull(11) ? null : r.GetString(11),
        r.GetInt32(12), r.IsDBNull(13) ? null : Json<EpochMetrics>(r.GetString(13)), r.IsDBNull(14) ? null : Json<TrialOutcome>(r.GetString(14)),
        r.IsDBNull(15) ? null : r.GetString(15), r.IsDBNull(16) ? null : Time(r.GetString(16)));

    private static T Json<T>(string text) => JsonSerializer.Deserialize<T>(text, SpecJson.Options)!;

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
