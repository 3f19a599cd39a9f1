using System.Text.Json.Serialization;

namespace SweepCluster.Messages.Specs;

/// <summary>
/// Which data a trial uses and how the training set is cut. A built-in dataset is named alone; a
/// user's own dataset gives its <see cref="Source"/> and <see cref="Path"/>, and what its files decide
/// (size, colour, classes, split seed, fingerprint) is recorded here at submission, so every later
/// reader knows the data's shape without reading it and a node can tell whether its copy is the one
/// the sweep was submitted with. Keys that are unset stay out of the JSON, so trial ids of sweeps
/// recorded before them do not change.
/// </summary>
public sealed record DatasetSpec
{
    /// <summary>The keys that say which data this is; a search may not vary them (a sweep trains on one dataset).</summary>
    public static readonly IReadOnlyList<string> IdentityKeys = ["name", "source", "path", "train_folder", "test_folder", "files", "classes", "split_seed", "fingerprint"];

    /// <summary>A built-in dataset (<see cref="Datasets"/>), or with <see cref="Source"/> the name of the user's own.</summary>
    public string Name { get; init; } = Datasets.FashionMnist.Name;

    /// <summary>The folder of the files (the .npz file for npz); null takes the node's configured default. Relative: under the data root.</summary>
    public string? Path { get; init; }

    /// <summary>Stratified fraction of the training set held out for validation.</summary>
    public double Validation { get; init; } = 0.1;

    /// <summary>k >= 2 trains k stratified folds and aggregates them; 0 uses the validation split.</summary>
    public int Folds { get; init; }

    /// <summary>A stratified subset of the training set (before the split), for quick runs.</summary>
    public int? Subset { get; init; }

    /// <summary>Evaluate the kept weights on the official test set.</summary>
    public bool Test { get; init; } = true;

    /// <summary>A stratified subset of the test set.</summary>
    public int? TestSubset { get; init; }

    /// <summary>The format of the user's own files; null: a built-in dataset.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DataSource? Source { get; init; }

    /// <summary>image_folder: the sub-folder of <see cref="Path"/> holding the training classes (default: the path itself).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainFolder { get; init; }

    /// <summary>image_folder: the sub-folder holding the test classes; none: <see cref="TestSplit"/> of the training images.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TestFolder { get; init; }

    /// <summary>npz, npy, idx: which arrays hold the images and labels.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DataFiles? Files { get; init; }

    /// <summary>The stratified fraction split off as the test set of a dataset that has none (default <see cref="DefaultTestSplit"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TestSplit { get; init; }

    /// <summary>[height, width] every image is resized to (image_folder); recorded from the data when not given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Size { get; init; }

    /// <summary>Grey or colour input (image_folder converts; arrays record theirs).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ColorMode? Color { get; init; }

    /// <summary>Class names by label: an image_folder's folder names in this order, or names for array labels 0..k-1; recorded from the data when not given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Seeds the test split of a dataset without a test set; recorded as the sweep's seed, so every trial tests on the same images.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SplitSeed { get; init; }

    /// <summary>The content hash of the files, recorded at submission ("sha256:..."); not part of the trial's id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fingerprint { get; init; }

    public const double DefaultTestSplit = 0.2;

    /// <summary>Whether this is the user's own data, read by format, rather than a built-in found by name.</summary>
    [JsonIgnore]
    public bool IsOwnData => Source is not null;
}
