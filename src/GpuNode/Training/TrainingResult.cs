using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Shapes;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// What training one model returns on the node: how it ended, its epochs, the final evaluation, and
/// what the node keeps to itself (model summary, resume point). The cluster sees it as a
/// <see cref="TrialOutcome"/> (<see cref="ToOutcome"/>); leaderboards rank a trial as a <see cref="Messages.Sweeps.TrialResult"/>.
/// </summary>
/// <param name="BestEpoch">
/// The best epoch by early stopping's monitor (val_loss by default). Its weights are the ones evaluated
/// when restore_best_weights is on; otherwise the last epoch's are.
/// </param>
/// <param name="Validation">Final evaluation on the validation set, with the kept weights.</param>
/// <param name="Test">Final evaluation on the test set, when the run has one.</param>
/// <param name="ResumedFromEpoch">The epoch checkpoint training continued from, or 0.</param>
public sealed record TrainingResult(
    TrialStatus Status,
    IReadOnlyList<EpochMetrics> History,
    int? BestEpoch,
    ClassificationReport? Validation,
    ClassificationReport? Test,
    ModelSummary Summary,
    int ResumedFromEpoch,
    string? Detail = null)
{
    /// <summary>The part of it that is reported to the coordinator and recorded.</summary>
    public TrialOutcome ToOutcome() => new(Status, BestEpoch, Validation, Test, Detail);
}
