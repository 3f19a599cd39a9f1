namespace SweepCluster.Coordinator.Analysis;

/// <summary>One finished trial on the best-so-far curve.</summary>
/// <param name="Order">1-based place in finish order among the trials with the metric.</param>
/// <param name="Value">This trial's value of the metric.</param>
/// <param name="Best">The best value of every trial finished up to and with this one.</param>
/// <param name="Improved">This trial set a new best.</param>
public sealed record BestSoFarPoint(int Order, string TrialId, DateTimeOffset At, double Value, double Best, bool Improved);
