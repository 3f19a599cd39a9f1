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

    /// <summary>"one of fashion-mnist, cifar10": what a dataset name may be.</summary>
    public static string Allowed => "one of " + string.Join(", ", Names);
}
