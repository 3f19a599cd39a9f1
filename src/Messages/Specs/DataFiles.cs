using System.Text.Json.Serialization;

namespace SweepCluster.Messages.Specs;

/// <summary>
/// Which arrays of an npz, npy or idx dataset hold what: npz member names, or file names in the
/// dataset's folder. Unset names take the source's defaults (Keras's x_train, y_train, x_test, y_test
/// for NumPy; the MNIST file names for IDX). Without test arrays the test set is split off the training set.
/// </summary>
public sealed record DataFiles
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainImages { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainLabels { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TestImages { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TestLabels { get; init; }

    /// <summary>These names, each unset one taken from <paramref name="defaults"/>.</summary>
    public DataFiles Or(DataFiles defaults) => new()
    {
        TrainImages = TrainImages ?? defaults.TrainImages,
        TrainLabels = TrainLabels ?? defaults.TrainLabels,
        TestImages = TestImages ?? defaults.TestImages,
        TestLabels = TestLabels ?? defaults.TestLabels,
    };

    public override string ToString() => $"{TrainImages},{TrainLabels},{TestImages},{TestLabels}";
}
