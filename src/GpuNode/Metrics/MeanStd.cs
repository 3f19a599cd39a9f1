namespace SweepCluster.GpuNode.Metrics;

/// <summary>Mean and sample standard deviation of <see cref="Count"/> values.</summary>
public sealed record MeanStd(double Mean, double StdDev, int Count);
