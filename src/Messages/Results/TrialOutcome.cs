using System.Text.Json.Serialization;

namespace SweepCluster.Messages.Results;

/// <summary>How a trial's training ended, and the final evaluation of the weights it kept.</summary>
/// <param name="BestEpoch">The epoch whose weights were kept, when any epoch ran.</param>
/// <param name="Folds">A k-fold trial's means over folds (its folds' own reports stay in their checkpoints); null otherwise.</param>
public sealed record TrialOutcome(
    TrialStatus Status,
    int? BestEpoch,
    ClassificationReport? Validation,
    ClassificationReport? Test,
    string? Detail,
    FoldSummary? Folds = null)
{
    // The final metrics a leaderboard ranks by: a single model's, or the mean over a k-fold trial's folds.
    [JsonIgnore]
    public double? ValAccuracy => Validation?.Accuracy ?? Folds?.ValAccuracy.Mean;

    [JsonIgnore]
    public double? ValLoss => Validation?.LogLoss ?? Folds?.ValLoss.Mean;

    [JsonIgnore]
    public double? TestAccuracy => Test?.Accuracy ?? Folds?.TestAccuracy?.Mean;

    [JsonIgnore]
    public double? TestLoss => Test?.LogLoss ?? Folds?.TestLoss?.Mean;
}
