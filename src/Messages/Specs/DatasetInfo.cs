namespace SweepCluster.Messages.Specs;

/// <summary>What every project knows of a dataset without reading it: its name in sweep files, image shape, classes and set sizes.</summary>
/// <param name="Name">The name sweep files, the CLI and the node use (lowercase).</param>
/// <param name="Title">The name people write (reports, messages).</param>
/// <param name="Channels">Colour channels of one image.</param>
/// <param name="Height">Image rows.</param>
/// <param name="Width">Image columns.</param>
/// <param name="ClassNames">What each label stands for, by label.</param>
/// <param name="TrainImages">Images in the official training set.</param>
/// <param name="TestImages">Images in the official test set.</param>
public sealed record DatasetInfo(
    string Name,
    string Title,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> ClassNames,
    int TrainImages,
    int TestImages)
{
    public int Classes => ClassNames.Count;

    /// <summary>channels x height x width, as <c>sweep data</c> prints it.</summary>
    public string Shape => $"{Channels}x{Height}x{Width}";
}
