using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.GpuNode.Model;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.Shapes;
using TorchSharp;

namespace SweepCluster.GpuNode.Training;

/// <summary>Rebuilds a trial's network from its spec, loads saved weights and evaluates them on a dataset.</summary>
public static class CheckpointEvaluator
{
    public static ClassificationReport Evaluate(ModelSpec model, Conventions conventions, string weights, ImageDataset data, string device = "cpu")
    {
        if (!File.Exists(weights))
            throw new FileNotFoundException($"No saved weights at {weights}.", weights);
        var target = torch.device(device);
        using var generator = new torch.Generator(0, target);
        var shape = new FeatureShape(data.Channels, data.Height, data.Width);
        using var built = ModelBuilder.Build(model, shape, data.ClassNames.Count, conventions, seed: 0, generator);
        var network = built.Network.to(target);
        network.load(weights);
        using var tensors = DeviceData.From(data, target);
        return Evaluation.Report(network, tensors, data.ClassNames.Count);
    }
}
