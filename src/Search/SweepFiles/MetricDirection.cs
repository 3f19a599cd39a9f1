namespace SweepCluster.Search.SweepFiles;

/// <summary>Which way a recorded metric improves: accuracies up, losses down. One rule for leaderboards, stages, schedulers and samplers.</summary>
public static class MetricDirection
{
    public static bool HigherIsBetter(string metric) => !metric.EndsWith("loss", StringComparison.Ordinal);
}
