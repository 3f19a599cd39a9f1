namespace SweepCluster.Messages.Specs;

/// <summary>How a sweep's search makes its trials from the base.</summary>
public enum SearchStrategy
{
    Grid,
    Random,
    Ablation,
    Variants,
    Stages,
}
