namespace SweepCluster.Coordinator.ReadModel;

/// <summary>How long a trial took: what exports report beside its metrics.</summary>
/// <param name="TrainingSeconds">The seconds its recorded epochs trained, summed (0 before its first epoch).</param>
/// <param name="WallSeconds">From the current attempt's dispatch to its end; null while it runs or before it ran.</param>
public sealed record TrialTimes(string TrialId, double TrainingSeconds, double? WallSeconds);
