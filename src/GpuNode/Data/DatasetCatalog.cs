using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>The node's one table from registry entries (<see cref="Datasets"/>) to the loaders that read them.</summary>
public static class DatasetCatalog
{
    private static readonly IReadOnlyDictionary<DatasetInfo, Func<string?, IDatasetSource>> Loaders =
        new Dictionary<DatasetInfo, Func<string?, IDatasetSource>>(ReferenceEqualityComparer.Instance)
        {
            [Datasets.FashionMnist] = directory => new FashionMnistSource(directory ?? FashionMnistSource.DefaultDirectory),
            [Datasets.Cifar10] = directory => new Cifar10Source(directory ?? throw new DatasetException(
                "Dataset 'cifar10' needs the folder holding the CIFAR-10 binary batches (it is not packaged for Debian): " +
                "set dataset.path in the sweep file or the setting Datasets:Cifar10, or put the batches in cifar10/ under the data root (Datasets:Root).")),
        };

    /// <summary>The source of the dataset <paramref name="name"/> in <paramref name="directory"/> (null: its default folder).</summary>
    /// <exception cref="DatasetException">The name is not in the registry (the message lists those that are), or the dataset needs a folder.</exception>
    public static IDatasetSource Resolve(string name, string? directory)
    {
        var dataset = Datasets.Find(name) ?? throw new DatasetException(new UnknownDatasetException(name).Message);
        return Loaders.TryGetValue(dataset, out var loader)
            ? loader(directory)
            : throw new DatasetException($"Dataset '{name}' has no loader on this node.");
    }
}
