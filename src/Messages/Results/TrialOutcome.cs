namespace SweepCluster.Messages.Results;

/// <summary>How a trial's training ended, and the final evaluation of the weights it kept.</summary>
/// <param name="BestEpoch">The epoch whose weights were kept, when any epoch ran.</param>
public sealed record TrialOutcome(
    TrialStatus Status,
    int? BestEpoch,
    ClassificationReport? Validation,
    ClassificationReport? Test,
    string? Detail);
