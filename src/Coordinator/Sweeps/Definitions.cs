using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>Planned trials as the journal records them.</summary>
public static class Definitions
{
    public static TrialDefinition Of(PlannedTrial trial) => new(
        trial.Id,
        trial.Index,
        trial.Label,
        trial.Overrides.ToDictionary(o => o.Key, o => o.Value?.ToJsonString() ?? "null"),
        trial.Spec,
        trial.Summary.Trainable,
        trial.Summary.NonTrainable);
}
