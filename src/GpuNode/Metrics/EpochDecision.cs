namespace SweepCluster.GpuNode.Metrics;

/// <summary>What early stopping makes of one epoch: whether it is the new best, and whether to stop now.</summary>
public sealed record EpochDecision(bool Improved, bool Stop);
