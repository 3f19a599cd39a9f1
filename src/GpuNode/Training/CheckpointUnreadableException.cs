namespace SweepCluster.GpuNode.Training;

/// <summary>
/// A checkpoint file that cannot be trusted: a pointer naming no folder of the trial, a missing or
/// garbled state, weights that fail their checksum or do not load. It names the file. An I/O error,
/// since it is the disk's or an operator's doing, never the trial's: the trial is retried, not failed.
/// </summary>
public sealed class CheckpointUnreadableException(string file, string problem, Exception? inner = null)
    : IOException($"Checkpoint file {file} {problem}", inner)
{
    public string File { get; } = file;
}
