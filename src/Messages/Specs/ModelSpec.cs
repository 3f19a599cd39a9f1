namespace SweepCluster.Messages.Specs;

/// <summary>
/// A CNN for image classification: blocks, then a head ending in one logit per class.
/// The input shape and class count come from the dataset.
/// </summary>
public sealed record ModelSpec
{
    public IReadOnlyList<BlockSpec> Blocks { get; init; } = [];

    public HeadSpec Head { get; init; } = new();

    /// <summary>Kernel initialiser of every conv and dense layer; null takes the convention's default.</summary>
    public WeightInit? Init { get; init; }
}
