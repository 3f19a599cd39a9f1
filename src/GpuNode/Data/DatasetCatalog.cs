namespace SweepCluster.GpuNode.Data;

/// <summary>Maps a dataset name (as written in sweep files) and an optional folder to its source.</summary>
public static class DatasetCatalog
{
    public static readonly IReadOnlyList<string> Names = ["fashion-mnist", "cifar10"];

    /// <summary>The class names a dataset's labels stand for (CIFAR-10's standard ones; its files may name their own).</summary>
    public static IReadOnlyList<string> ClassNames(string name) => name.ToLowerInvariant() switch
    {
        "cifar10" => Cifar10Source.DefaultClassNames,
        _ => FashionMnistSource.ClassNames,
    };

    public static IDatasetSource Resolve(string name, string? directory) => name.ToLowerInvariant() switch
    {
        "fashion-mnist" => new FashionMnistSource(directory ?? FashionMnistSource.DefaultDirectory),
        "cifar10" => new Cifar10Source(directory ?? throw new DatasetException(
            "Dataset 'cifar10' needs a path: the folder holding the CIFAR-10 binary batches (it is not packaged for Debian).")),
        _ => throw new DatasetException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Names)}."),
    };
}
