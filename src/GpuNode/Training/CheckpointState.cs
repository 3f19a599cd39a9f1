using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Training;

/// <summary>What a trial's latest checkpoint records besides weights.</summary>
/// <param name="BestFolder">The folder of the best weights so far (null before any improvement).</param>
/// <param name="Finished">Set once the trial ended (completed, early-stopped, diverged): a rerun does not train again.</param>
/// <param name="Checksums">SHA-256 of the files this state refers to, by path relative to the trial's folder; checked before a file is loaded (null in checkpoints written before checksums).</param>
public sealed record CheckpointState(
    IReadOnlyList<EpochMetrics> History,
    int? BestEpoch,
    string? BestFolder,
    TrialStatus? Finished = null,
    string? Detail = null,
    IReadOnlyDictionary<string, string>? Checksums = null);
