using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Schedulers;

public static class SchedulerDirection
{
    /// <summary>The mode the scheduler's metric is ranked in: the one written, else the metric's own direction.</summary>
    public static MetricMode Direction(this SchedulerSpec spec) => spec.Mode ?? (MetricDirection.HigherIsBetter(spec.Metric) ? MetricMode.Max : MetricMode.Min);
}
