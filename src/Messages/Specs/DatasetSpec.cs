namespace SweepCluster.Messages.Specs;

/// <summary>Which data a trial uses and how the training set is cut.</summary>
public sealed record DatasetSpec
{
    /// <summary>A name in <see cref="Datasets"/>: fashion-mnist or cifar10.</summary>
    public string Name { get; init; } = Datasets.FashionMnist.Name;

    /// <summary>The folder of the files; null takes the node's configured default.</summary>
    public string? Path { get; init; }

    /// <summary>Stratified fraction of the training set held out for validation.</summary>
    public double Validation { get; init; } = 0.1;

    /// <summary>k >= 2 trains k stratified folds and aggregates them; 0 uses the validation split.</summary>
    public int Folds { get; init; }

    /// <summary>A stratified subset of the training set (before the split), for quick runs.</summary>
    public int? Subset { get; init; }

    /// <summary>Evaluate the kept weights on the official test set.</summary>
    public bool Test { get; init; } = true;

    /// <summary>A stratified subset of the test set.</summary>
    public int? TestSubset { get; init; }
}
