using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Any MNIST-format dataset (MNIST, KMNIST, EMNIST, ...) in any folder: idx3 image and idx1 label
/// files, gzip or raw, named as MNIST names them unless dataset.files says otherwise. Without test
/// files the test set is split off the training set.
/// </summary>
public sealed class IdxSource(DatasetSpec spec, string folder) : IDatasetSource
{
    public string Location { get; } = Path.GetFullPath(folder);

    private static readonly DataFiles MnistNames = new()
    {
        TrainImages = "train-images-idx3-ubyte",
        TrainLabels = "train-labels-idx1-ubyte",
        TestImages = "t10k-images-idx3-ubyte",
        TestLabels = "t10k-labels-idx1-ubyte",
    };

    public string Key => $"idx:{Location}:{Names}:{spec.TestSplit}:{spec.SplitSeed}";

    private DataFiles Names => (spec.Files ?? new DataFiles()).Or(MnistNames);

    public IReadOnlyList<string> Files()
    {
        var (images, labels) = Train();
        return Test() is var (testImages, testLabels) ? [images, labels, testImages, testLabels] : [images, labels];
    }

    public DataShape Shape()
    {
        var train = Load(Train(), spec.Classes);
        return DataShape.Of(ColorMode.Grayscale, train.Height, train.Width, train.ClassNames, train.Count, Test() is { } test ? IdxFile.ReadLabels(test.Labels).Length : (int?)null, spec);
    }

    public DatasetParts Load(DataManifest manifest)
    {
        var train = Load(Train(), spec.Classes);
        return Test() is { } test
            ? new DatasetParts(spec.Name, train, Load(test, train.ClassNames))
            : TestSplit.Apply(spec.Name, train, spec);
    }

    private ImageDataset Load((string Images, string Labels) files, IReadOnlyList<string>? classes)
    {
        var set = IdxPair.Load(files.Images, files.Labels, classes);
        if (spec.Size is [var h, var w] && (h != set.Height || w != set.Width))
            throw new DatasetException($"{files.Images}: images are {set.Height}x{set.Width} but dataset.size asks for {h}x{w}; only image_folder datasets are resized, so leave size out.", field: "size");
        if (spec.Color == ColorMode.Rgb)
            throw new DatasetException($"{files.Images}: IDX images are grayscale but dataset.color asks for rgb; leave color out.", field: "color");
        return set;
    }

    private (string Images, string Labels) Train()
    {
        if (!Directory.Exists(Location))
            throw new DatasetException($"IDX folder '{Location}' does not exist (dataset.path names the folder of the IDX files).", field: "path");
        return (Required(Names.TrainImages!), Required(Names.TrainLabels!));
    }

    /// <summary>The test files when both exist; naming them in dataset.files makes them required.</summary>
    private (string Images, string Labels)? Test()
    {
        var images = IdxPair.Find(Location, Names.TestImages!);
        var labels = IdxPair.Find(Location, Names.TestLabels!);
        if (images is not null && labels is not null)
            return (images, labels);
        if (spec.Files?.TestImages is not null || spec.Files?.TestLabels is not null)
            return (Required(Names.TestImages!), Required(Names.TestLabels!));
        return null;
    }

    private string Required(string name) => IdxPair.Find(Location, name)
        ?? throw new DatasetException($"IDX file missing in '{Location}': expected {name}.gz or {name} (name the files in dataset.files).", field: "files");
}
