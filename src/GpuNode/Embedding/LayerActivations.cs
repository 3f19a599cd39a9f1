using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Embedding;

/// <summary>
/// What one layer of a trained network outputs for a set of images, flattened to one row per image.
/// Layers are named as the network is built: <c>block0</c> to <c>blockK</c> (each block's output),
/// <c>flatten</c> (the head's input), <c>dense0</c>... (each dense layer after its activation), and
/// <c>logits</c>.
/// </summary>
public static class LayerActivations
{
    private const int BatchSize = 500;

    public static IReadOnlyList<string> Names(ModelSpec model) =>
        [.. model.Blocks.Select((_, i) => $"block{i}"), "flatten", .. model.Head.Dense.Select((_, j) => $"dense{j}"), "logits"];

    /// <returns>[images, features] on the device.</returns>
    public static Tensor Of(ModelSpec model, Conventions conventions, string weights, ImageDataset images, string layer, Device device)
    {
        if (!Names(model).Contains(layer))
            throw new ArgumentException($"The network has no layer '{layer}'; its layers are {string.Join(", ", Names(model))}.");
        using var built = CheckpointEvaluator.Load(model, conventions, weights, images, device);
        using var data = DeviceData.From(images, device);
        using var noGrad = no_grad();
        var batches = new List<Tensor>();
        for (long start = 0; start < data.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var output = Forward(built.Network, data.Images.narrow(0, start, Math.Min(BatchSize, data.Count - start)), layer);
            batches.Add(output.flatten(1).MoveToOuterDisposeScope());
        }
        var all = cat(batches, 0);
        batches.ForEach(b => b.Dispose());
        return all;
    }

    /// <summary>Runs the network's parts in order and stops at the layer asked for.</summary>
    private static Tensor Forward(nn.Module network, Tensor x, string layer)
    {
        foreach (var (name, module) in network.named_children())
        {
            if (name != "head")
            {
                x = ((nn.Module<Tensor, Tensor>)module).call(x);
                if (name == layer)
                    return x;
                continue;
            }
            foreach (var (part, headModule) in module.named_children())
            {
                x = ((nn.Module<Tensor, Tensor>)headModule).call(x);
                var reached = part.StartsWith("act", StringComparison.Ordinal) ? "dense" + part[3..] : part;
                if (reached == layer)
                    return x;
            }
        }
        throw new InvalidOperationException($"The network ended before layer '{layer}'.");
    }
}
