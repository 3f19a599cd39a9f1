namespace SweepCluster.Coordinator.Analysis;

/// <summary>Every varied parameter's importance, most important first; empty, with the reason, when the trials cannot say.</summary>
/// <param name="Trials">Trials with the metric.</param>
/// <param name="TopTrials">Those in the top quantile (ties at the cutoff included).</param>
/// <param name="Quantile">The top quantile asked for (γ).</param>
/// <param name="Reason">Why nothing is ranked; null when something is.</param>
public sealed record ParameterImportances(IReadOnlyList<ImportanceScore> Ranked, int Trials, int TopTrials, double Quantile, string? Reason);
