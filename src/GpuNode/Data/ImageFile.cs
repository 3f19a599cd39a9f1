namespace SweepCluster.GpuNode.Data;

/// <summary>One image of an image folder and the index of its class.</summary>
public sealed record ImageFile(string Path, int Label);
