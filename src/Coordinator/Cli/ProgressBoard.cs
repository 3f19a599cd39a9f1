using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// What a sweep's progress shows, kept apart from any console: the totals, a row per trial known so
/// far, the ETA, and which rows fit a screen. Fed the same way from the read model (a sweep run here)
/// and from a coordinator's events (a sweep followed on a cluster).
/// </summary>
public sealed class ProgressBoard(string sweepId, string name)
{
    private readonly Dictionary<string, ProgressRow> _rows = [];
    private readonly List<string> _parameters = [];
    private long _ended;

    public string SweepId { get; } = sweepId;

    public string Name { get; } = name;

    public int Total { get; private set; }

    public int Done { get; private set; }

    public int Running { get; private set; }

    public int Queued { get; private set; }

    public int Failed { get; private set; }

    /// <summary>The varied parameters' paths, in the order trials brought them.</summary>
    public IReadOnlyList<string> Parameters => _parameters;

    public IReadOnlyCollection<ProgressRow> Rows => _rows.Values;

    public void Totals(int total, int done, int running, int queued, int failed) =>
        (Total, Done, Running, Queued, Failed) = (total, done, running, queued, failed);

    /// <summary>The trial's row, added (queued) the first time it is named.</summary>
    public ProgressRow Trial(string trialId, string label, IReadOnlyDictionary<string, string> overrides, int epochs)
    {
        if (_rows.TryGetValue(trialId, out var row))
            return row;
        _parameters.AddRange(overrides.Keys.Where(k => !_parameters.Contains(k)));
        return _rows[trialId] = new ProgressRow(trialId, label, overrides, epochs);
    }

    public ProgressRow Trial(TrialRecord trial) => Trial(trial.TrialId, trial.Label, trial.Overrides, trial.Spec.Training.Epochs);

    public void Ended(ProgressRow row, TrialLifecycle state, string? note)
    {
        row.State = state;
        row.Note = note;
        row.EndedOrder = ++_ended;
    }

    /// <summary>Mean measured seconds per epoch over every trial; null before any epoch.</summary>
    public double? SecondsPerEpoch
    {
        get
        {
            var epochs = _rows.Values.Sum(r => r.MeasuredEpochs);
            return epochs == 0 ? null : _rows.Values.Sum(r => r.MeasuredSeconds) / epochs;
        }
    }

    /// <summary>
    /// The sweep's time left: epochs left in the trials known (trials not yet seen count as many as the
    /// known ones average) at the measured pace, over the trials running at once.
    /// </summary>
    public TimeSpan? Eta
    {
        get
        {
            if (Done >= Total && Total > 0)
                return TimeSpan.Zero;
            var unseen = Math.Max(0, Total - _rows.Count);
            var typical = _rows.Count == 0 ? 0 : _rows.Values.Average(r => r.Epochs);
            var left = _rows.Values.Sum(r => r.EpochsLeft) + (int)Math.Round(unseen * typical);
            return EtaEstimate.Remaining(left, SecondsPerEpoch, Running);
        }
    }

    /// <summary>At most <paramref name="max"/> rows: running trials first (in plan order), then the latest to end (those that ended before this view began last), then queued ones.</summary>
    public IReadOnlyList<ProgressRow> Visible(int max)
    {
        var running = _rows.Values.Where(r => r.State == TrialLifecycle.Running);
        var ended = _rows.Values.Where(r => r.State.IsTerminal()).OrderByDescending(r => r.EndedOrder);
        var queued = _rows.Values.Where(r => r.State == TrialLifecycle.Queued);
        return [.. running.Concat(ended).Concat(queued).Take(Math.Max(1, max))];
    }
}
