using SweepCluster.GpuNode.Frameworks;
using SweepCluster.GpuNode.Model.Layers;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Padding = SweepCluster.Messages.Specs.Padding;

namespace SweepCluster.GpuNode.Model;

/// <summary>Turns a <see cref="ModelSpec"/> into a TorchSharp network on the CPU (the trainer moves it).</summary>
public static class ModelBuilder
{
    // Layer constructors draw initial weights from torch's one process-wide generator: building
    // under a lock, right after seeding it, makes a trial's initial weights depend on its seed only.
    private static readonly Lock GlobalGeneratorLock = new();

    /// <param name="dropoutGenerator">The trial's own generator, used for every dropout mask.</param>
    public static BuiltModel Build(ModelSpec spec, FeatureShape input, int classes, Conventions conventions, long seed, Generator dropoutGenerator)
    {
        var summary = ModelSummarizer.Summarize(spec, input, classes);
        var layers = new LayerFactory(conventions, dropoutGenerator);
        lock (GlobalGeneratorLock)
        {
            torch.manual_seed(seed);
            var children = new List<(string, nn.Module<Tensor, Tensor>)>();
            var shape = input;
            for (var i = 0; i < spec.Blocks.Count; i++)
            {
                children.Add(($"block{i}", Block(layers, spec.Blocks[i], shape)));
                shape = BlockOutput(summary, i);
            }
            children.Add(("head", Head(layers, spec.Head, shape, classes)));
            var network = nn.Sequential(children);
            WeightInitializer.Apply(network, spec.Init ?? FrameworkDefaults.Init(conventions));
            return new BuiltModel(network, summary);
        }
    }

    /// <summary>The shape a block's output has (block -1: the model's input).</summary>
    internal static FeatureShape BlockOutput(ModelSummary summary, int block) =>
        block < 0 ? summary.Input : summary.Layers.Last(l => l.Path == $"model.blocks[{block}]").Output;

    private static Sequential Block(LayerFactory layers, BlockSpec block, FeatureShape input)
    {
        var (parts, output) = block switch
        {
            ConvBlockSpec conv => ConvBlock(layers, conv, input),
            ResidualBlockSpec residual => ResidualBlock(layers, residual, input),
            InceptionBlockSpec inception => InceptionBlock(layers, inception, input),
            _ => throw new ArgumentException($"Unknown block type {block.GetType().Name}."),
        };
        if (block.Pool is { } pool)
            parts.Add(("pool", LayerFactory.Pool(pool)));
        if (block is ConvBlockSpec { BatchNorm: BatchNormPlacement.AfterPool })
            parts.Add(("bn_pool", layers.BatchNorm(output.Channels)));
        if (block.Dropout > 0)
            parts.Add(("dropout", layers.Dropout(block.Dropout)));
        return nn.Sequential(parts);
    }

    private static (List<(string, nn.Module<Tensor, Tensor>)>, FeatureShape) ConvBlock(LayerFactory layers, ConvBlockSpec conv, FeatureShape input)
    {
        var parts = LayerFactory.Convolution("conv", input, conv.Filters, conv.Kernel, conv.Stride, conv.Padding).ToList();
        if (conv.BatchNorm == BatchNormPlacement.Before)
            parts.Add(("bn", layers.BatchNorm(conv.Filters)));
        parts.Add(("act", layers.Activation(conv.Activation, conv.Alpha)));
        if (conv.BatchNorm == BatchNormPlacement.After)
            parts.Add(("bn", layers.BatchNorm(conv.Filters)));
        return (parts, input with { Channels = conv.Filters });
    }

    private static (List<(string, nn.Module<Tensor, Tensor>)>, FeatureShape) ResidualBlock(LayerFactory layers, ResidualBlockSpec block, FeatureShape input)
    {
        var body = LayerFactory.Convolution("conv1", input, block.Filters, block.Kernel, block.Stride, Padding.Same).ToList();
        if (block.BatchNorm)
            body.Add(("bn1", layers.BatchNorm(block.Filters)));
        body.Add(("act1", layers.Activation(block.Activation, block.Alpha)));
        var middle = new FeatureShape(block.Filters, (input.Height + block.Stride - 1) / block.Stride, (input.Width + block.Stride - 1) / block.Stride);
        body.AddRange(LayerFactory.Convolution("conv2", middle, block.Filters, block.Kernel, 1, Padding.Same));
        if (block.BatchNorm)
            body.Add(("bn2", layers.BatchNorm(block.Filters)));

        var shortcut = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (ModelSummarizer.ResidualNeedsProjection(block, input.Channels))
        {
            shortcut.Add(("conv", nn.Conv2d(input.Channels, block.Filters, 1, stride: block.Stride)));
            if (block.BatchNorm)
                shortcut.Add(("bn", layers.BatchNorm(block.Filters)));
        }
        var residual = new Residual(nn.Sequential(body), nn.Sequential(shortcut), layers.Activation(block.Activation, block.Alpha));
        return ([("residual", residual)], middle);
    }

    private static (List<(string, nn.Module<Tensor, Tensor>)>, FeatureShape) InceptionBlock(LayerFactory layers, InceptionBlockSpec block, FeatureShape input)
    {
        Sequential Branch(params (long In, long Out, long Kernel)[] convs)
        {
            var parts = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (var i = 0; i < convs.Length; i++)
            {
                var (inChannels, outChannels, kernel) = convs[i];
                parts.Add(($"conv{i}", nn.Conv2d(inChannels, outChannels, kernel, padding: kernel / 2)));
                if (block.BatchNorm)
                    parts.Add(($"bn{i}", layers.BatchNorm(outChannels)));
                parts.Add(($"act{i}", layers.Activation(block.Activation, block.Alpha)));
            }
            return nn.Sequential(parts);
        }

        var c = input.Channels;
        var pooled = Branch((c, block.PoolProjection, 1));
        var poolBranch = nn.Sequential(("pool", nn.MaxPool2d(3, 1, 1)), ("projection", pooled));
        var concatenate = new Concatenate(
        [
            Branch((c, block.Branch1x1, 1)),
            Branch((c, block.Reduce3x3, 1), (block.Reduce3x3, block.Branch3x3, 3)),
            Branch((c, block.Reduce5x5, 1), (block.Reduce5x5, block.Branch5x5, 5)),
            poolBranch,
        ]);
        return ([("inception", concatenate)], input with { Channels = block.OutputChannels });
    }

    private static Sequential Head(LayerFactory layers, HeadSpec head, FeatureShape input, int classes)
    {
        var parts = new List<(string, nn.Module<Tensor, Tensor>)>();
        long width;
        if (head.Pooling == HeadPooling.GlobalAverage)
        {
            parts.Add(("global_pool", nn.AdaptiveAvgPool2d(1)));
            width = input.Channels;
        }
        else
        {
            width = input.Elements;
        }
        parts.Add(("flatten", nn.Flatten()));
        for (var j = 0; j < head.Dense.Count; j++)
        {
            var dense = head.Dense[j];
            parts.Add(($"dense{j}", nn.Linear(width, dense.Units)));
            parts.Add(($"act{j}", layers.Activation(dense.Activation, dense.Alpha)));
            if (dense.Dropout > 0)
                parts.Add(($"dropout{j}", layers.Dropout(dense.Dropout)));
            width = dense.Units;
        }
        parts.Add(("logits", nn.Linear(width, classes)));
        return nn.Sequential(parts);
    }
}
