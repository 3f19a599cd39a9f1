namespace SweepCluster.GpuNode.Data;

/// <summary>A dataset's official training and test sets; validation and folds are cut from Train.</summary>
public sealed record DatasetParts(string Name, ImageDataset Train, ImageDataset Test);
