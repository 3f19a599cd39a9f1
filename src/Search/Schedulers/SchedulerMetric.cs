using System.Globalization;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.Schedulers;

/// <summary>The metric a scheduler ranks trials by, read from epoch metrics, in its direction (the registry's, unless the sweep file sets a mode).</summary>
/// <exception cref="UnknownMetricException"><paramref name="Name"/> is not a metric recorded after every epoch.</exception>
public sealed record SchedulerMetric(string Name, MetricMode Mode)
{
    /// <summary>Checked against the registry when the metric is made.</summary>
    public string Name { get; init; } = MetricRegistry.GetPerEpoch(Name).Name;

    public double Of(EpochMetrics m) => MetricRegistry.GetPerEpoch(Name).Of(m)!.Value;

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/>.</summary>
    public bool Better(double a, double b) => Mode == MetricMode.Max ? a > b : a < b;

    /// <summary>The trial's value at <paramref name="epoch"/>, when it recorded one.</summary>
    public double? At(TrialProgress trial, int epoch) => trial.Epochs.TryGetValue(epoch, out var m) ? Of(m) : null;

    /// <summary>The best value the trial recorded up to and including <paramref name="epoch"/>.</summary>
    public double BestUpTo(TrialProgress trial, int epoch)
    {
        var values = trial.Epochs.Where(e => e.Key <= epoch).Select(e => Of(e.Value));
        return Mode == MetricMode.Max ? values.Max() : values.Min();
    }

    /// <summary>Values sorted best first.</summary>
    public List<double> BestFirst(IEnumerable<double> values) =>
        Mode == MetricMode.Max ? [.. values.OrderByDescending(v => v)] : [.. values.Order()];

    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
