using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Shapes;

/// <summary>
/// Infers every layer's output shape and counts parameters from a spec alone, exactly as the
/// training engine builds it, so the coordinator can validate and describe trials without libtorch.
/// </summary>
public static class ModelSummarizer
{
    public static ModelSummary Summarize(ModelSpec model, FeatureShape input, int classes)
    {
        var layers = new List<LayerSummary>();
        var shape = input;
        for (var i = 0; i < model.Blocks.Count; i++)
        {
            var path = $"model.blocks[{i}]";
            var block = model.Blocks[i];
            shape = block switch
            {
                ConvBlockSpec conv => AddConv(layers, path, conv, shape),
                ResidualBlockSpec residual => AddResidual(layers, path, residual, shape),
                InceptionBlockSpec inception => AddInception(layers, path, inception, shape),
                _ => throw new ShapeException(path, $"unknown block type {block.GetType().Name}"),
            };
            shape = AddPoolAndDropout(layers, path, block, shape);
        }
        AddHead(layers, model.Head, shape, classes);
        return new ModelSummary(input, layers);
    }

    private static FeatureShape AddConv(List<LayerSummary> layers, string path, ConvBlockSpec conv, FeatureShape input)
    {
        var output = Convolve(path, input, conv.Filters, conv.Kernel, conv.Stride, conv.Padding);
        layers.Add(new(path, $"conv2d {conv.Kernel} /{conv.Stride} {conv.Activation}", output, ConvParameters(input.Channels, conv.Filters, conv.Kernel), 0));
        if (conv.BatchNorm is BatchNormPlacement.Before or BatchNormPlacement.After)
            layers.Add(BatchNorm(path, output));
        return output;
    }

    private static FeatureShape AddResidual(List<LayerSummary> layers, string path, ResidualBlockSpec block, FeatureShape input)
    {
        var first = Convolve(path, input, block.Filters, block.Kernel, block.Stride, Padding.Same);
        layers.Add(new(path, $"residual conv2d {block.Kernel} /{block.Stride}", first, ConvParameters(input.Channels, block.Filters, block.Kernel), 0));
        if (block.BatchNorm)
            layers.Add(BatchNorm(path, first));
        var second = Convolve(path, first, block.Filters, block.Kernel, 1, Padding.Same);
        layers.Add(new(path, $"residual conv2d {block.Kernel}", second, ConvParameters(block.Filters, block.Filters, block.Kernel), 0));
        if (block.BatchNorm)
            layers.Add(BatchNorm(path, second));
        if (ResidualNeedsProjection(block, input.Channels))
        {
            layers.Add(new(path, $"residual shortcut conv2d 1 /{block.Stride}", second, ConvParameters(input.Channels, block.Filters, Kernel.Square(1)), 0));
            if (block.BatchNorm)
                layers.Add(BatchNorm(path, second));
        }
        return second;
    }

    /// <summary>The shortcut needs a 1x1 convolution when the identity would not match the output.</summary>
    public static bool ResidualNeedsProjection(ResidualBlockSpec block, int inputChannels) =>
        inputChannels != block.Filters || block.Stride != 1;

    private static FeatureShape AddInception(List<LayerSummary> layers, string path, InceptionBlockSpec block, FeatureShape input)
    {
        var c = input.Channels;
        (string Name, int In, int Out, int Kernel)[] convs =
        [
            ("1x1", c, block.Branch1x1, 1),
            ("3x3 reduce", c, block.Reduce3x3, 1),
            ("3x3", block.Reduce3x3, block.Branch3x3, 3),
            ("5x5 reduce", c, block.Reduce5x5, 1),
            ("5x5", block.Reduce5x5, block.Branch5x5, 5),
            ("pool projection", c, block.PoolProjection, 1),
        ];
        foreach (var (name, inChannels, outChannels, kernel) in convs)
        {
            var shape = input with { Channels = outChannels };
            layers.Add(new(path, $"inception {name}", shape, ConvParameters(inChannels, outChannels, Kernel.Square(kernel)), 0));
            if (block.BatchNorm)
                layers.Add(BatchNorm(path, shape));
        }
        var output = input with { Channels = block.OutputChannels };
        layers.Add(new(path, "inception concat", output, 0, 0));
        return output;
    }

    private static FeatureShape AddPoolAndDropout(List<LayerSummary> layers, string path, BlockSpec block, FeatureShape input)
    {
        var shape = input;
        if (block.Pool is { } pool)
        {
            var stride = pool.EffectiveStride;
            var height = ConvArithmetic.Output(shape.Height, pool.Size, stride, (0, 0));
            var width = ConvArithmetic.Output(shape.Width, pool.Size, stride, (0, 0));
            if (height < 1 || width < 1)
            {
                throw new ShapeException(path + ".pool",
                    $"{pool.Kind.ToString().ToLowerInvariant()} pooling {pool.Size} stride {stride} on a {shape.Height}x{shape.Width} feature map " +
                    $"gives {height}x{width}; the feature map must stay at least 1x1 (use a smaller pool or fewer downsampling steps)");
            }
            shape = shape with { Height = height, Width = width };
            layers.Add(new(path, $"{pool.Kind.ToString().ToLowerInvariant()}_pool {pool.Size} /{stride}", shape, 0, 0));
        }
        if (block is ConvBlockSpec { BatchNorm: BatchNormPlacement.AfterPool })
            layers.Add(BatchNorm(path, shape));
        if (block.Dropout > 0)
            layers.Add(new(path, $"dropout {block.Dropout}", shape, 0, 0));
        return shape;
    }

    private static void AddHead(List<LayerSummary> layers, HeadSpec head, FeatureShape input, int classes)
    {
        if (head.Pooling == HeadPooling.Flatten && input.Elements > int.MaxValue)
            throw new ShapeException("model.head", $"flattening a {input} feature map gives {input.Elements} features, more than a dense layer can take; pool more or use global_average");
        var features = FeatureShape.Vector(head.Pooling == HeadPooling.GlobalAverage ? input.Channels : (int)input.Elements);
        layers.Add(new("model.head", head.Pooling == HeadPooling.GlobalAverage ? "global_average_pool" : "flatten", features, 0, 0));
        var width = features.Channels;
        for (var j = 0; j < head.Dense.Count; j++)
        {
            var dense = head.Dense[j];
            var path = $"model.head.dense[{j}]";
            layers.Add(new(path, $"dense {dense.Activation}", FeatureShape.Vector(dense.Units), (long)width * dense.Units + dense.Units, 0));
            if (dense.Dropout > 0)
                layers.Add(new(path, $"dropout {dense.Dropout}", FeatureShape.Vector(dense.Units), 0, 0));
            width = dense.Units;
        }
        layers.Add(new("model.head.output", "dense logits", FeatureShape.Vector(classes), (long)width * classes + classes, 0));
    }

    private static FeatureShape Convolve(string path, FeatureShape input, int filters, Kernel kernel, int stride, Padding padding)
    {
        var height = ConvArithmetic.Output(input.Height, kernel.Height, stride, ConvArithmetic.Pad(padding, input.Height, kernel.Height, stride));
        var width = ConvArithmetic.Output(input.Width, kernel.Width, stride, ConvArithmetic.Pad(padding, input.Width, kernel.Width, stride));
        if (height < 1 || width < 1)
        {
            throw new ShapeException(path,
                $"convolution {kernel} stride {stride} padding {padding} on a {input.Height}x{input.Width} feature map gives {height}x{width}; " +
                "the feature map must stay at least 1x1 (use 'same' padding, a smaller kernel or stride, or less pooling before it)");
        }
        return new FeatureShape(filters, height, width);
    }

    private static long ConvParameters(int inChannels, int filters, Kernel kernel) =>
        (long)filters * inChannels * kernel.Height * kernel.Width + filters;

    private static LayerSummary BatchNorm(string path, FeatureShape shape) =>
        new(path, "batch_norm", shape, 2L * shape.Channels, 2L * shape.Channels);
}
