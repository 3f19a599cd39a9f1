using SweepCluster.GpuNode.Frameworks;
using SweepCluster.GpuNode.Model.Layers;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using TorchSharp;
using static TorchSharp.torch;
using Padding = SweepCluster.Messages.Specs.Padding;

namespace SweepCluster.GpuNode.Model;

/// <summary>Single layers as the spec and the trial's conventions describe them.</summary>
internal sealed class LayerFactory(Conventions conventions, Generator generator)
{
    public nn.Module<Tensor, Tensor> Activation(ActivationKind kind, double? alpha) => kind switch
    {
        ActivationKind.Relu => nn.ReLU(),
        ActivationKind.LeakyRelu => nn.LeakyReLU(alpha ?? FrameworkDefaults.Alpha(kind, conventions)),
        ActivationKind.Elu => nn.ELU(alpha ?? FrameworkDefaults.Alpha(kind, conventions)),
        ActivationKind.Gelu => nn.GELU(),
        ActivationKind.Sigmoid => nn.Sigmoid(),
        ActivationKind.Tanh => nn.Tanh(),
        _ => nn.Identity(),
    };

    public nn.Module<Tensor, Tensor> BatchNorm(long channels) =>
        nn.BatchNorm2d(channels, FrameworkDefaults.BatchNormEpsilon(conventions), FrameworkDefaults.BatchNormMomentum(conventions));

    public nn.Module<Tensor, Tensor> Dropout(double rate) => new SeededDropout(rate, generator);

    public static nn.Module<Tensor, Tensor> Pool(PoolSpec pool) => pool.Kind switch
    {
        PoolKind.Max => nn.MaxPool2d(pool.Size, pool.EffectiveStride),
        PoolKind.Average => nn.AvgPool2d(pool.Size, pool.EffectiveStride),
        PoolKind.Min => new MinPool2d(pool.Size, pool.EffectiveStride),
        _ => new SoftPool2d(pool.Size, pool.EffectiveStride),
    };

    /// <summary>
    /// The convolution, preceded by a zero padding layer only when the padding is asymmetric: "same"
    /// with stride > 1 or an even kernel pads more on the right and bottom, which Conv2d's own
    /// (symmetric) padding cannot express.
    /// </summary>
    public static IEnumerable<(string, nn.Module<Tensor, Tensor>)> Convolution(
        string name, FeatureShape input, int filters, Kernel kernel, int stride, Padding padding)
    {
        var pads = ConvPadding.Of(input, kernel, stride, padding);
        if (!pads.Symmetric)
            yield return (name + "_pad", nn.ZeroPad2d((pads.Left, pads.Right, pads.Top, pads.Bottom)));
        yield return (name, nn.Conv2d(input.Channels, filters, (kernel.Height, kernel.Width), stride: (stride, stride), padding: pads.Inside));
    }
}
