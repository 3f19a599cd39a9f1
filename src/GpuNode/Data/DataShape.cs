using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>What a dataset's files decide before anything trains: one image's shape, the classes, and whether a test set comes with it.</summary>
public sealed record DataShape(ColorMode Color, int Height, int Width, IReadOnlyList<string> Classes, bool HasTestSet)
{
    public int Channels => Color == ColorMode.Rgb ? 3 : 1;
}
