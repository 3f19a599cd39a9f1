namespace SweepCluster.Coordinator.Analysis;

/// <summary>How a varied parameter's values are read by importance and binning.</summary>
public enum ParameterScale
{
    /// <summary>Numbers drawn from a range (uniform, int), or numbers the search space does not describe.</summary>
    Linear,

    /// <summary>Numbers drawn log-uniformly: spread, kernels and bin edges in log space.</summary>
    Log,

    /// <summary>A listed set (choice, grid, factor values) or values that are not all numbers: each value on its own.</summary>
    Categorical,
}
