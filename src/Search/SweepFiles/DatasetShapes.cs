using SweepCluster.Search.Shapes;

namespace SweepCluster.Search.SweepFiles;

/// <summary>Input shape and class count of each known dataset, so plans can be checked without the data.</summary>
public static class DatasetShapes
{
    public static (FeatureShape Input, int Classes) For(string dataset) => dataset switch
    {
        "cifar10" => (new FeatureShape(3, 32, 32), 10),
        _ => (new FeatureShape(1, 28, 28), 10),
    };
}
