namespace SweepCluster.Coordinator.Analysis;

/// <summary>One parameter's importance.</summary>
/// <param name="Raw">The Pearson divergence of its distribution among the top trials from that among all trials: 0 when the top trials are spread as all are.</param>
/// <param name="Normalised">Its share of the sum over all parameters (the shares sum to 1).</param>
public sealed record ImportanceScore(string Parameter, ParameterScale Scale, double Raw, double Normalised);
