using System.Text.Json.Nodes;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Cli;

/// <summary>The JSON shapes of sweeps and trials that list and status print.</summary>
public static class SweepJson
{
    public static JsonObject Summary(SweepSummary s) => new()
    {
        ["sweep_id"] = s.SweepId,
        ["name"] = s.Name,
        ["state"] = s.State,
        ["trials_total"] = s.Total,
        ["trials_completed"] = s.Done,
        ["trials_failed"] = s.Failed,
        ["trials_running"] = s.Running,
        ["trials_queued"] = s.Queued,
        ["file"] = s.File,
        ["submitted_at"] = s.SubmittedAt,
        ["ended_at"] = s.EndedAt,
    };

    public static JsonObject Running(TrialRecord t) => new()
    {
        ["trial_id"] = t.TrialId,
        ["label"] = t.Label,
        ["attempt"] = t.Attempt,
        ["node"] = t.Node,
        ["epoch"] = t.LastEpoch,
        ["epochs"] = t.Spec.Training.Epochs,
        ["val_accuracy"] = t.Latest?.ValAccuracy,
        ["val_loss"] = t.Latest?.ValLoss,
        ["train_loss"] = t.Latest?.TrainLoss,
    };
}
