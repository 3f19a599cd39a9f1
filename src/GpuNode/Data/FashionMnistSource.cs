using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>Fashion-MNIST (or MNIST) from its four IDX files in one folder, gzip or raw.</summary>
public sealed class FashionMnistSource(string directory) : IDatasetSource
{
    /// <summary>Where Debian's dataset-fashion-mnist package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    private static IReadOnlyList<string> ClassNames => Datasets.FashionMnist.ClassNames;

    public string Directory { get; } = Path.GetFullPath(directory);

    public string Key => "fashion-mnist:" + Directory;

    public string Location => Directory;

    private static readonly string[] FileNames = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    public IReadOnlyList<string> Files()
    {
        RequireFolder();
        return [.. FileNames.Select(FindFile)];
    }

    public DataShape Shape() => new(
        ColorMode.Grayscale, Datasets.FashionMnist.Height, Datasets.FashionMnist.Width, ClassNames, Datasets.FashionMnist.TrainImages, Datasets.FashionMnist.TestImages, HasTestSet: true);

    DatasetParts IDatasetSource.Load(Fingerprints.DataManifest manifest) => Load();

    public DatasetParts Load()
    {
        RequireFolder();
        return new DatasetParts(
            Datasets.FashionMnist.Name,
            LoadPart("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
            LoadPart("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"));
    }

    private void RequireFolder()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DatasetException(
                $"Fashion-MNIST folder '{Directory}' does not exist. Install the Debian package dataset-fashion-mnist " +
                $"(it fills {DefaultDirectory}) or point the dataset path at a folder holding the four IDX files.", field: "path");
        }
    }

    private ImageDataset LoadPart(string imagesName, string labelsName) => IdxPair.Load(FindFile(imagesName), FindFile(labelsName), ClassNames);

    private string FindFile(string name)
    {
        return IdxPair.Find(Directory, name)
            ?? throw new DatasetException($"Fashion-MNIST file missing in '{Directory}': expected {name}.gz or {name}.");
    }
}
