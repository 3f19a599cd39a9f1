using System.Text.Json.Nodes;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>The JSON shapes of sweeps and trials that list and status print.</summary>
public static class SweepJson
{
    public static JsonObject Summary(SweepSummary s)
    {
        var summary = Progress(s.ToProgress());
        summary["file"] = s.File;
        summary["submitted_at"] = s.SubmittedAt;
        summary["ended_at"] = s.EndedAt;
        return summary;
    }

    /// <summary>A sweep's progress, as a coordinator reports it to clients.</summary>
    public static JsonObject Progress(SweepProgress p) => new()
    {
        ["sweep_id"] = p.SweepId,
        ["name"] = p.Name,
        ["state"] = p.State,
        ["trials_total"] = p.Total,
        ["trials_completed"] = p.Done,
        ["trials_failed"] = p.Failed,
        ["trials_running"] = p.Running,
        ["trials_queued"] = p.Queued,
    };

    public static JsonObject Running(TrialRecord t) => new()
    {
        ["trial_id"] = t.TrialId,
        ["label"] = t.Label,
        ["attempt"] = t.Attempt,
        ["node"] = t.Node,
        ["epoch"] = t.LastEpoch,
        ["epochs"] = t.Spec.Training.Epochs,
        [MetricRegistry.ValAccuracy.Name] = MetricRegistry.ValAccuracy.Of(t.Latest),
        [MetricRegistry.ValLoss.Name] = MetricRegistry.ValLoss.Of(t.Latest),
        [MetricRegistry.TrainLoss.Name] = MetricRegistry.TrainLoss.Of(t.Latest),
    };
}
