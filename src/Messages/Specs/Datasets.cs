using SweepCluster.Messages.Specs;
namespace SweepCluster.Messages.Specs;

/// <summary>The one list of datasets: every project finds a dataset's shape and classes here, by name.</summary>
public static class Datasets
{
    public static readonly DatasetInfo FashionMnist = new(
        "fashion-mnist",
        "Fashion-MNIST",
        1,
        28,
        28,
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        60_000,
        10_000);

    /// <summary>CIFAR-10 with its standard class names (a copy's batches.meta.txt may name its own).</summary>
    public static readonly DatasetInfo Cifar10 = new(
        "cifar10",
        "CIFAR-10",
        3,
        32,
        32,
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        50_000,
        10_000);

    public static readonly IReadOnlyList<DatasetInfo> All = [FashionMnist, Cifar10];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    /// <summary>The dataset named exactly <paramref name="name"/>, or null.</summary>
    public static DatasetInfo? Find(string? name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>The dataset named <paramref name="name"/>; an <see cref="UnknownDatasetException"/> naming the valid ones if none is.</summary>
    public static DatasetInfo Get(string? name) => Find(name) ?? throw new UnknownDatasetException(name);

    /// <summary>
    /// The shape and classes of the data <paramref name="spec"/> names: a built-in's from this list, a
    /// user's own as recorded at submission (its set sizes are not recorded: 0). Null for a user's
    /// dataset whose files have not been read yet, or an unknown name.
    /// </summary>
    public static DatasetInfo? Describe(DatasetSpec spec)
    {
        if (!spec.IsOwnData)
            return Find(spec.Name);
        return spec is { Size: [var height, var width], Color: { } color, Classes: { Count: >= 2 } classes }
            ? new DatasetInfo(spec.Name, spec.Name, color == ColorMode.Rgb ? 3 : 1, height, width, classes, 0, 0)
            : null;
    }

    /// <summary>What each label of <paramref name="spec"/>'s data stands for, as reports show it; empty when not known.</summary>
    public static IReadOnlyList<string> ClassNames(DatasetSpec spec) => Describe(spec)?.ClassNames ?? [];

    /// <summary>"one of fashion-mnist, cifar10": what a dataset name may be.</summary>
    public static string Allowed => "one of " + string.Join(", ", Names);
}
