namespace SweepCluster.GpuNode.Data.Fingerprints;

/// <summary>One data file as hashed: its path relative to the dataset, and the size and time it had then (to reuse the hash while they hold).</summary>
public sealed record FileDigest(string Path, long Length, long ModifiedTicks, string Sha256);
