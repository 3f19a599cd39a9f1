using SweepCluster.Messages.Shapes;

namespace SweepCluster.Search.SweepFiles;

/// <summary>What the coordinator knows of a dataset without reading it: image shape, classes, set sizes.</summary>
public sealed record DatasetShape(FeatureShape Input, int Classes, int TrainImages, int TestImages);

public static class DatasetShapes
{
    public static DatasetShape For(string dataset) => dataset switch
    {
        "cifar10" => new(new FeatureShape(3, 32, 32), 10, 50_000, 10_000),
        _ => new(new FeatureShape(1, 28, 28), 10, 60_000, 10_000),
    };
}
