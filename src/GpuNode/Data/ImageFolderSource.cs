using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// A user's images, one sub-folder per class (torchvision's ImageFolder), PNG or JPEG: the training
/// classes in dataset.train_folder (default: the path itself), the test classes in
/// dataset.test_folder or split off the training set. Decoded once per node into the cache folder.
/// </summary>
public sealed class ImageFolderSource(DatasetSpec spec, string folder, DecodedImages decoded) : IDatasetSource
{
    public string Location { get; } = Path.GetFullPath(folder);

    public string Key => $"image_folder:{Location}:{spec.TrainFolder}:{spec.TestFolder}:{string.Join('x', spec.Size ?? [])}:{spec.Color}:{string.Join('/', spec.Classes ?? [])}:{spec.TestSplit}:{spec.SplitSeed}";

    private ColorMode Color => spec.Color ?? ColorMode.Rgb;

    private FolderLayout? _folders;

    /// <summary>Scanned once per source: the files fingerprinted are the files then decoded.</summary>
    private FolderLayout Folders => _folders ??= ScanFolders();

    private string TrainRoot => Path.GetFullPath(Path.Combine(Location, spec.TrainFolder ?? "."));

    private string? TestRoot => spec.TestFolder is { } test ? Path.GetFullPath(Path.Combine(Location, test)) : null;

    public IReadOnlyList<string> Files() => [.. Folders.Train.Concat(Folders.Test ?? []).Select(f => f.Path)];

    /// <summary>Every image's header is read: a folder that mixes sizes without dataset.size is refused here, naming an image of each size.</summary>
    public DataShape Shape()
    {
        var (classes, train, test) = Folders;
        var (height, width) = Size([.. train, .. test ?? []]);
        return DataShape.Of(Color, height, width, classes, train.Count, test?.Count, spec);
    }

    public DatasetParts Load(DataManifest manifest)
    {
        var (classes, train, test) = Folders;
        var (height, width) = spec.Size is [var h, var w] ? (h, w) : Size(train);
        var trainSet = Decode("train", train, classes, height, width, manifest);
        return test is null
            ? TestSplit.Apply(spec.Name, trainSet, spec)
            : new DatasetParts(spec.Name, trainSet, Decode("test", test, classes, height, width, manifest));
    }

    private ImageDataset Decode(string part, IReadOnlyList<ImageFile> files, IReadOnlyList<string> classes, int height, int width, DataManifest manifest)
    {
        var channels = Color == ColorMode.Rgb ? 3 : 1;
        var imageSize = channels * height * width;
        var (pixels, labels) = decoded.Get($"{manifest.Fingerprint}|{Key}|{part}|{height}x{width}", imageSize,
            () => ImageFolderReader.Read(files, channels, height, width, resize: spec.Size is not null));
        return new ImageDataset(PixelScaling.ToUnitRange(pixels), labels, channels, height, width, classes);
    }

    /// <summary>The one size of every image, or dataset.size; mixed sizes without it are an error naming one image of each.</summary>
    private (int Height, int Width) Size(IReadOnlyList<ImageFile> files)
    {
        var sizes = new (int Height, int Width)[files.Count];
        PerFile.For(files.Count, i => sizes[i] = ImageDecoder.Probe(files[i].Path));
        if (spec.Size is [var h, var w])
            return (h, w);
        var other = Array.FindIndex(sizes, s => s != sizes[0]);
        if (other >= 0)
        {
            throw new DatasetException(
                $"{files[other].Path} is {sizes[other].Height}x{sizes[other].Width} but {files[0].Path} is {sizes[0].Height}x{sizes[0].Width}: " +
                "images of one dataset must be one size; set dataset.size: [height, width] to resize them all.", field: "size");
        }
        return sizes[0];
    }

    private FolderLayout ScanFolders()
    {
        var (classes, train) = Scan(TrainRoot, spec.Classes, spec.TrainFolder is null ? "path" : "train_folder");
        return new FolderLayout(classes, train, TestRoot is { } root ? Scan(root, classes, "test_folder").Files : null);
    }

    /// <summary>The classes, the training images, and the test images when a test folder holds them.</summary>
    private sealed record FolderLayout(IReadOnlyList<string> Classes, IReadOnlyList<ImageFile> Train, IReadOnlyList<ImageFile>? Test);

    private static (IReadOnlyList<string> Classes, IReadOnlyList<ImageFile> Files) Scan(string root, IReadOnlyList<string>? classes, string field)
    {
        try
        {
            var scan = ImageFolderScan.Scan(root, classes);
            return (scan.Classes, scan.Files);
        }
        catch (DatasetException e) when (e.Field is null)
        {
            throw new DatasetException(e.Message, e, field);
        }
    }
}
