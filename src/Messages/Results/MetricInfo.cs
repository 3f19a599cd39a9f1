using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Messages.Results;

/// <summary>A metric trials are ranked by: its name in sweep files and on the command line, which way it improves, and where it is read.</summary>
/// <param name="Name">The name sweep files, the CLI and reports use.</param>
/// <param name="HigherIsBetter">Accuracies improve upwards, losses downwards.</param>
/// <param name="FromEpoch">Its value after an epoch; null for a metric recorded only at the end (test metrics).</param>
/// <param name="FromOutcome">Its value in a trial's final evaluation; null for one recorded only per epoch (training metrics).</param>
/// <param name="FromResult">Its value in a trial's result as leaderboards rank it.</param>
public sealed class MetricInfo(
    string Name,
    bool HigherIsBetter,
    Func<EpochMetrics, double>? FromEpoch,
    Func<TrialOutcome, double?>? FromOutcome,
    Func<TrialResult, double?> FromResult)
{
    public string Name { get; } = Name;

    public bool HigherIsBetter { get; } = HigherIsBetter;

    /// <summary>Recorded after every epoch, so a scheduler can judge a trial by it while it trains.</summary>
    public bool PerEpoch => FromEpoch is not null;

    /// <summary>Recorded by the final evaluation of the kept weights.</summary>
    public bool Final => FromOutcome is not null;

    /// <summary>The value after <paramref name="epoch"/>; null without one or for a metric not recorded per epoch.</summary>
    public double? Of(EpochMetrics? epoch) => epoch is null || FromEpoch is null ? null : FromEpoch(epoch);

    /// <summary>The value in the final evaluation; null without one or for a metric it does not record.</summary>
    public double? Of(TrialOutcome? outcome) => outcome is null || FromOutcome is null ? null : FromOutcome(outcome);

    public double? Of(TrialResult result) => FromResult(result);

    /// <summary>
    /// A trial's final value: from its evaluation, except that a trial a scheduler stopped is judged on
    /// its last epoch (and has no test metrics), and training metrics, recorded only per epoch, are the last epoch's.
    /// </summary>
    /// <param name="last">The trial's last epoch; null where its epoch metrics should not count.</param>
    public double? OfTrial(TrialOutcome? outcome, EpochMetrics? last, bool stopped) =>
        (stopped && PerEpoch) || !Final ? Of(last) : Of(outcome);

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/>.</summary>
    public bool Better(double a, double b) => HigherIsBetter ? a > b : a < b;

    /// <summary>A key that sorts the best value first in ascending order.</summary>
    public double SortKey(double value) => HigherIsBetter ? -value : value;

    public override string ToString() => Name;
}
