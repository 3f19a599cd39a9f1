using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Shapes;

public static class DatasetInput
{
    /// <summary>The shape of one image of <paramref name="dataset"/>, as the first block of a model sees it.</summary>
    public static FeatureShape Input(this DatasetInfo dataset) => new(dataset.Channels, dataset.Height, dataset.Width);
}
