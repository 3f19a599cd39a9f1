using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.GpuNode.Model;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using TorchSharp;

namespace SweepCluster.GpuNode.Training;

/// <summary>Rebuilds a trial's network from its spec, loads saved weights and evaluates them on a dataset.</summary>
public static class CheckpointEvaluator
{
    public static ClassificationReport Evaluate(ModelSpec model, Conventions conventions, string weights, ImageDataset data, string device = "cpu")
    {
        var target = torch.device(device);
        using var built = Load(model, conventions, weights, data, target);
        using var tensors = DeviceData.From(data, target);
        return Evaluation.Report(built.Network, tensors, data.ClassNames.Count);
    }

    /// <summary>The network with the saved weights, on <paramref name="target"/>, in evaluation mode (dropout off, batch norm frozen).</summary>
    public static BuiltModel Load(ModelSpec model, Conventions conventions, string weights, ImageDataset data, torch.Device target)
    {
        if (!File.Exists(weights))
            throw new FileNotFoundException($"No saved weights at {weights}.", weights);
        // Dropout draws from this generator only in training mode, which a loaded network is never put in.
        using var generator = new torch.Generator(0, target);
        var shape = new FeatureShape(data.Channels, data.Height, data.Width);
        var built = ModelBuilder.Build(model, shape, data.ClassNames.Count, conventions, seed: 0, generator);
        built.Network.to(target);
        built.Network.load(weights);
        built.Network.eval();
        return built;
    }
}
