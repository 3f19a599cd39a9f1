namespace SweepCluster.GpuNode.Data.Fingerprints;

/// <summary>Data that is no longer what a sweep recorded: the recorded fingerprint, the files' fingerprint now (null: they cannot be read) and what changed, in words.</summary>
public sealed record DataChange(string From, string? To, string Message);
