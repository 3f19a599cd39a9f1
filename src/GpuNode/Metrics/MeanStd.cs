namespace SweepCluster.GpuNode.Metrics;

/// <summary>Mean and sample standard deviation of <see cref="Count"/> values; the deviation is undefined (null) for one value.</summary>
public sealed record MeanStd(double Mean, double? StdDev, int Count);
