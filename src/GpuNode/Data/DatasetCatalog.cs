using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>The node's one table from dataset specs to the loaders that read them: built-ins by name (<see cref="Datasets"/>), a user's own by format.</summary>
public static class DatasetCatalog
{
    private static readonly IReadOnlyDictionary<DatasetInfo, Func<string?, IDatasetSource>> BuiltIn =
        new Dictionary<DatasetInfo, Func<string?, IDatasetSource>>(ReferenceEqualityComparer.Instance)
        {
            [Datasets.FashionMnist] = directory => new FashionMnistSource(directory ?? FashionMnistSource.DefaultDirectory),
            [Datasets.Cifar10] = directory => new Cifar10Source(directory ?? throw new DatasetException(
                "Dataset 'cifar10' needs the folder holding the CIFAR-10 binary batches (it is not packaged for Debian): " +
                "set dataset.path in the sweep file or the setting Datasets:Cifar10, or put the batches in cifar10/ under the data root (Datasets:Root).")),
        };

    /// <summary>The source of the built-in dataset <paramref name="name"/> in <paramref name="directory"/> (null: its default folder).</summary>
    /// <exception cref="DatasetException">The name is not in the registry (the message lists those that are), or the dataset needs a folder.</exception>
    public static IDatasetSource Resolve(string name, string? directory)
    {
        var dataset = Datasets.Find(name) ?? throw new DatasetException(new UnknownDatasetException(name).Message, field: "name");
        return BuiltIn.TryGetValue(dataset, out var loader)
            ? loader(directory)
            : throw new DatasetException($"Dataset '{name}' has no loader on this node.");
    }

    /// <summary>The source of the data <paramref name="spec"/> names, its files in <paramref name="location"/> (as the node resolves the spec's path).</summary>
    public static IDatasetSource Resolve(DatasetSpec spec, string? location, DecodedImages decoded)
    {
        if (spec.Source is not { } source)
            return Resolve(spec.Name, location);
        var at = location ?? throw new DatasetException($"Dataset '{spec.Name}' ({Format(source)}) needs dataset.path: the folder of its files (the .npz file for npz).", field: "path");
        return source switch
        {
            DataSource.ImageFolder => new ImageFolderSource(spec, at, decoded),
            DataSource.Npz or DataSource.Npy => new NumPySource(spec, at),
            _ => new IdxSource(spec, at),
        };
    }

    private static string Format(DataSource source) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(source.ToString());
}
