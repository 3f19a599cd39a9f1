using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>Planned trials as the journal records them.</summary>
public static class Definitions
{
    /// <summary>The submission of an expanded sweep file: its trials and its resolved design.</summary>
    public static SubmitSweep Submission(string sweepId, SweepPlan plan, string file, string source) =>
        new(sweepId, plan.Name, file, source, [.. plan.Trials.Select(Of)], Design: plan.Design);

    public static TrialDefinition Of(PlannedTrial trial) => new(
        trial.Id,
        trial.Index,
        trial.Label,
        trial.Overrides.ToDictionary(o => o.Key, o => o.Value?.ToJsonString() ?? "null"),
        trial.Spec,
        trial.Summary.Trainable,
        trial.Summary.NonTrainable);
}
