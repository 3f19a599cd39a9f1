namespace SweepCluster.GpuNode.Data;

/// <summary>Indices into a dataset: what to train on and what to validate on, each ascending.</summary>
public sealed record DataSplit(int[] Train, int[] Validation);
