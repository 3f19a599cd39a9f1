using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// A user's dataset as NumPy arrays: members of one .npz archive (savez or savez_compressed), or .npy
/// files in one folder. Array names default to Keras's x_train, y_train, x_test, y_test; without test
/// arrays the test set is split off the training set.
/// </summary>
/// <param name="location">The .npz file, or the folder of the .npy files.</param>
public sealed class NumPySource(DatasetSpec spec, string location) : IDatasetSource
{
    private readonly bool _archive = spec.Source == DataSource.Npz;

    public string Location { get; } = Path.GetFullPath(location);

    private static readonly DataFiles KerasNames = new() { TrainImages = "x_train", TrainLabels = "y_train", TestImages = "x_test", TestLabels = "y_test" };

    public string Key => $"{spec.Source}:{Location}:{Names}:{spec.TestSplit}:{spec.SplitSeed}";

    private DataFiles Names => (spec.Files ?? new DataFiles()).Or(KerasNames);

    public IReadOnlyList<string> Files()
    {
        if (_archive)
            return File.Exists(Location) ? [Location] : throw new DatasetException($"NumPy archive '{Location}' does not exist (dataset.path names the .npz file).", field: "path");
        if (!Directory.Exists(Location))
            throw new DatasetException($"NumPy folder '{Location}' does not exist (dataset.path names the folder of the .npy files).", field: "path");
        using var arrays = Open();
        return [.. Arrays(arrays).Select(name => Path.Combine(Location, NpyName(name)))];
    }

    public DataShape Shape()
    {
        using var arrays = Open();
        var names = Names;
        var header = arrays.Header(names.TrainImages!);
        var (color, height, width, _) = ArrayImages.Layout(header.Shape, header.Source);
        var labels = arrays.Read(names.TrainLabels!);
        var test = HasTestSet(arrays) ? arrays.Header(names.TestImages!).Shape[0] : (int?)null;
        return DataShape.Of(color, height, width, LabelClasses.Of(labels.ToLabels(), spec.Classes, labels.Source), header.Shape[0], test, spec);
    }

    public DatasetParts Load(DataManifest manifest)
    {
        using var arrays = Open();
        var names = Names;
        var train = Read(arrays, names.TrainImages!, names.TrainLabels!, classes: null);
        return HasTestSet(arrays)
            ? new DatasetParts(spec.Name, train, Read(arrays, names.TestImages!, names.TestLabels!, train.ClassNames))
            : TestSplit.Apply(spec.Name, train, spec);
    }

    private ImageDataset Read(IArrays arrays, string imagesName, string labelsName, IReadOnlyList<string>? classes)
    {
        var images = arrays.Read(imagesName);
        var labelArray = arrays.Read(labelsName);
        var labels = labelArray.ToLabels();
        if (labels.Length != images.Count)
            throw new DatasetException($"{images.Source} holds {images.Count} images but {labelArray.Source} holds {labels.Length} labels; they must match.");
        var (color, height, width, _) = ArrayImages.Layout(images.Shape, images.Source);
        CheckRecorded(color, height, width, images.Source);
        var names = LabelClasses.Of(labels, classes ?? spec.Classes, labelArray.Source);
        return new ImageDataset(ArrayImages.Pixels(images), labels, color == ColorMode.Rgb ? 3 : 1, height, width, names);
    }

    /// <summary>Arrays are not resized or converted: a size or colour the sweep asks for must be theirs.</summary>
    private void CheckRecorded(ColorMode color, int height, int width, string source)
    {
        if (spec.Size is [var h, var w] && (h != height || w != width))
            throw new DatasetException($"{source}: images are {height}x{width} but dataset.size asks for {h}x{w}; only image_folder datasets are resized, so leave size out.", field: "size");
        if (spec.Color is { } asked && asked != color)
            throw new DatasetException($"{source}: images are {color.ToString().ToLowerInvariant()} but dataset.color asks for {asked.ToString().ToLowerInvariant()}; only image_folder datasets are converted, so leave color out.", field: "color");
    }

    /// <summary>Test arrays are used when both exist; naming them in dataset.files makes them required.</summary>
    private bool HasTestSet(IArrays arrays)
    {
        var names = Names;
        var present = arrays.Has(names.TestImages!) && arrays.Has(names.TestLabels!);
        if (!present && (spec.Files?.TestImages is not null || spec.Files?.TestLabels is not null))
            throw new DatasetException($"{Location}: the test arrays dataset.files names ({names.TestImages}, {names.TestLabels}) are not both there; it holds {string.Join(", ", arrays.Names)}.", field: "files");
        return present;
    }

    private IEnumerable<string> Arrays(IArrays arrays)
    {
        var names = Names;
        string[] train = [names.TrainImages!, names.TrainLabels!];
        return HasTestSet(arrays) ? [.. train, names.TestImages!, names.TestLabels!] : train;
    }

    private static string NpyName(string name) => name.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? name : name + ".npy";

    private IArrays Open() => _archive ? new ArchiveArrays(NpzArchive.Open(Location)) : new FolderArrays(Location);

    /// <summary>Named arrays, from an archive or a folder.</summary>
    private interface IArrays : IDisposable
    {
        IEnumerable<string> Names { get; }

        bool Has(string name);

        NpyHeader Header(string name);

        NpyArray Read(string name);
    }

    private sealed class ArchiveArrays(NpzArchive archive) : IArrays
    {
        public IEnumerable<string> Names => archive.Members;

        public bool Has(string name) => archive.Members.Contains(name);

        public NpyHeader Header(string name) => archive.ReadHeader(name);

        public NpyArray Read(string name) => archive.Read(name);

        public void Dispose() => archive.Dispose();
    }

    private sealed class FolderArrays(string folder) : IArrays
    {
        public IEnumerable<string> Names => Directory.EnumerateFiles(folder, "*.npy").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

        public bool Has(string name) => File.Exists(PathOf(name));

        public NpyHeader Header(string name)
        {
            using var stream = Open(name);
            return NpyReader.ReadHeader(stream, PathOf(name));
        }

        public NpyArray Read(string name)
        {
            using var stream = Open(name);
            return NpyReader.Read(stream, PathOf(name));
        }

        public void Dispose()
        {
        }

        private string PathOf(string name) => Path.Combine(folder, NpyName(name));

        private FileStream Open(string name) => File.Exists(PathOf(name))
            ? File.OpenRead(PathOf(name))
            : throw new DatasetException($"{PathOf(name)} does not exist; {folder} holds {string.Join(", ", Names)} (name the arrays in dataset.files).", field: "files");
    }
}
