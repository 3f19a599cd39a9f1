using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Shapes;

namespace SweepCluster.GpuNode.Training;

/// <summary>The outcome of one trial: how it ended, its epochs, and the final evaluation.</summary>
/// <param name="BestEpoch">
/// The best epoch by early stopping's monitor (val_loss by default). Its weights are the ones evaluated
/// when restore_best_weights is on; otherwise the last epoch's are.
/// </param>
/// <param name="Validation">Final evaluation on the validation set, with the kept weights.</param>
/// <param name="Test">Final evaluation on the test set, when the run has one.</param>
/// <param name="ResumedFromEpoch">The epoch checkpoint training continued from, or 0.</param>
public sealed record TrialResult(
    TrialStatus Status,
    IReadOnlyList<EpochMetrics> History,
    int? BestEpoch,
    ClassificationReport? Validation,
    ClassificationReport? Test,
    ModelSummary Summary,
    int ResumedFromEpoch,
    string? Detail = null);
