using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>One set of an IDX dataset: an idx3 image file and the idx1 label file that goes with it.</summary>
internal static class IdxPair
{
    /// <summary>The images with their labels; <paramref name="classNames"/> null: the labels' numbers.</summary>
    public static ImageDataset Load(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames)
    {
        var (count, rows, columns, raw) = IdxFile.ReadImages(imagesPath);
        var labelBytes = IdxFile.ReadLabels(labelsPath);
        if (labelBytes.Length != count)
            throw new DatasetException($"{imagesPath} holds {count} images but {labelsPath} holds {labelBytes.Length} labels; they must match.");
        var labels = Array.ConvertAll(labelBytes, b => (int)b);
        return new ImageDataset(PixelScaling.ToUnitRange(raw), labels, 1, rows, columns, LabelClasses.Of(labels, classNames, labelsPath));
    }

    /// <summary>The file <paramref name="name"/> in <paramref name="folder"/>, gzip-compressed (name.gz) or raw; null when neither exists.</summary>
    public static string? Find(string folder, string name) =>
        new[] { name + ".gz", name }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
}
