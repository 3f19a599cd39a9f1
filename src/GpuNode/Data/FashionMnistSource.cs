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

    public DatasetParts Load()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DatasetException(
                $"Fashion-MNIST folder '{Directory}' does not exist. Install the Debian package dataset-fashion-mnist " +
                $"(it fills {DefaultDirectory}) or point the dataset path at a folder holding the four IDX files.");
        }
        return new DatasetParts(
            Datasets.FashionMnist.Name,
            LoadPart("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
            LoadPart("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"));
    }

    private ImageDataset LoadPart(string imagesName, string labelsName)
    {
        var imagesPath = FindFile(imagesName);
        var labelsPath = FindFile(labelsName);
        var (count, rows, columns, raw) = IdxFile.ReadImages(imagesPath);
        var labelBytes = IdxFile.ReadLabels(labelsPath);
        if (labelBytes.Length != count)
            throw new DatasetException($"{imagesPath} holds {count} images but {labelsPath} holds {labelBytes.Length} labels; they must match.");

        var labels = new int[labelBytes.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = labelBytes[i];
            if (labels[i] >= ClassNames.Count)
                throw new DatasetException($"{labelsPath}: label {labels[i]} at index {i} is outside 0..{ClassNames.Count - 1}.");
        }
        return new ImageDataset(PixelScaling.ToUnitRange(raw), labels, 1, rows, columns, ClassNames);
    }

    private string FindFile(string name)
    {
        var candidates = new[] { name + ".gz", name }.Select(n => Path.Combine(Directory, n)).ToArray();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DatasetException(
                $"Fashion-MNIST file missing in '{Directory}': expected {Path.GetFileName(candidates[0])} or {Path.GetFileName(candidates[1])}.");
    }
}
