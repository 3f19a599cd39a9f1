using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Training;

/// <summary>What a trial's latest checkpoint records besides weights.</summary>
/// <param name="BestFolder">The folder of the best weights so far (null before any improvement).</param>
/// <param name="Finished">Set once the trial ended (completed, early-stopped, diverged): a rerun does not train again.</param>
public sealed record CheckpointState(
    IReadOnlyList<EpochMetrics> History,
    int? BestEpoch,
    string? BestFolder,
    TrialStatus? Finished = null,
    string? Detail = null);
