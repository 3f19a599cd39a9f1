using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>What a dataset's files decide before anything trains: one image's shape, the classes, and the sizes of its sets.</summary>
/// <param name="TrainImages">Images left for training (after a test set is split off).</param>
/// <param name="HasTestSet">The files hold a test set; else it is split off the training images.</param>
public sealed record DataShape(ColorMode Color, int Height, int Width, IReadOnlyList<string> Classes, int TrainImages, int TestImages, bool HasTestSet)
{
    public int Channels => Color == ColorMode.Rgb ? 3 : 1;

    /// <summary>A shape whose set sizes come from <paramref name="images"/> and, without <paramref name="testImages"/>, the split <see cref="TestSplit"/> makes.</summary>
    public static DataShape Of(ColorMode color, int height, int width, IReadOnlyList<string> classes, int images, int? testImages, DatasetSpec spec)
    {
        if (testImages is { } test)
            return new DataShape(color, height, width, classes, images, test, HasTestSet: true);
        var held = (int)Math.Round(images * (spec.TestSplit ?? DatasetSpec.DefaultTestSplit), MidpointRounding.AwayFromZero);
        return new DataShape(color, height, width, classes, images - held, held, HasTestSet: false);
    }
}
