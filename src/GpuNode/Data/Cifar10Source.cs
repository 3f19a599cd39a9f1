using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// CIFAR-10 from the official binary batches: <c>data_batch_1..5.bin</c> and <c>test_batch.bin</c>,
/// each record one label byte then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major).
/// </summary>
public sealed class Cifar10Source(string directory) : IDatasetSource
{
    public static int RecordLength => 1 + ImageBytes;

    private static int ImageBytes => Datasets.Cifar10.Channels * Datasets.Cifar10.Height * Datasets.Cifar10.Width;

    /// <summary>The registry's standard CIFAR-10 class names, used when the folder has no batches.meta.txt.</summary>
    public static IReadOnlyList<string> DefaultClassNames => Datasets.Cifar10.ClassNames;

    public static readonly IReadOnlyList<string> TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    public string Directory { get; } = Path.GetFullPath(directory);

    public string Key => "cifar10:" + Directory;

    public string Location => Directory;

    public IReadOnlyList<string> Files()
    {
        RequireFolder();
        var meta = Path.Combine(Directory, MetaFile);
        return [.. TrainFiles.Append(TestFile).Select(Existing), .. File.Exists(meta) ? [meta] : Array.Empty<string>()];
    }

    public DataShape Shape() =>
        new(ColorMode.Rgb, Datasets.Cifar10.Height, Datasets.Cifar10.Width, ReadClassNames(), Datasets.Cifar10.TrainImages, Datasets.Cifar10.TestImages, HasTestSet: true);

    DatasetParts IDatasetSource.Load(Fingerprints.DataManifest manifest) => Load();

    public DatasetParts Load()
    {
        RequireFolder();
        var classNames = ReadClassNames();
        return new DatasetParts(Datasets.Cifar10.Name, LoadFiles(TrainFiles, classNames), LoadFiles([TestFile], classNames));
    }

    private const string MetaFile = "batches.meta.txt";

    private void RequireFolder()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DatasetException(
                $"CIFAR-10 folder '{Directory}' does not exist. Download the binary version (cifar-10-binary.tar.gz), " +
                $"extract it, and point the dataset path at the folder holding {string.Join(", ", TrainFiles)} and {TestFile}.", field: "path");
        }
    }

    private string Existing(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? path : throw new DatasetException($"CIFAR-10 file missing: {path} (expected {string.Join(", ", TrainFiles)} and {TestFile}).");
    }

    private ImageDataset LoadFiles(IReadOnlyList<string> names, IReadOnlyList<string> classNames)
    {
        var records = names.Select(ReadRecords).ToList();
        var count = records.Sum(r => r.Length / RecordLength);
        var pixels = new float[(long)count * ImageBytes];
        var labels = new int[count];
        var at = 0;
        for (var f = 0; f < records.Count; f++)
        {
            var bytes = records[f];
            for (var r = 0; r < bytes.Length / RecordLength; r++, at++)
            {
                var record = bytes.AsSpan(r * RecordLength, RecordLength);
                if (record[0] >= classNames.Count)
                {
                    throw new DatasetException(
                        $"{Path.Combine(Directory, names[f])}: label {record[0]} of record {r} is outside 0..{classNames.Count - 1}.");
                }
                labels[at] = record[0];
                var image = pixels.AsSpan(at * ImageBytes, ImageBytes);
                for (var i = 0; i < ImageBytes; i++)
                    image[i] = record[1 + i] / 255f;
            }
        }
        return new ImageDataset(pixels, labels, Datasets.Cifar10.Channels, Datasets.Cifar10.Height, Datasets.Cifar10.Width, classNames);
    }

    private byte[] ReadRecords(string name)
    {
        var path = Existing(name);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordLength != 0)
        {
            throw new DatasetException(
                $"{path}: {bytes.Length} bytes is not a whole number of {RecordLength}-byte records " +
                $"(1 label + {ImageBytes} pixels); the file is truncated or not a CIFAR-10 binary batch.");
        }
        return bytes;
    }

    /// <summary>batches.meta.txt (one class name a line) when present, else the standard names.</summary>
    private IReadOnlyList<string> ReadClassNames()
    {
        var meta = Path.Combine(Directory, MetaFile);
        if (!File.Exists(meta))
            return DefaultClassNames;
        var names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != DefaultClassNames.Count)
            throw new DatasetException($"{meta}: lists {names.Length} class names; CIFAR-10 has {DefaultClassNames.Count}.");
        return names;
    }
}
