using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using Padding = SweepCluster.Messages.Specs.Padding;

namespace SweepCluster.GpuNode.Model;

/// <summary>How a convolution pads its input on each side.</summary>
internal sealed record ConvPadding(long Left, long Right, long Top, long Bottom)
{
    public static ConvPadding Of(FeatureShape input, Kernel kernel, int stride, Padding padding)
    {
        var (top, bottom) = ConvArithmetic.Pad(padding, input.Height, kernel.Height, stride);
        var (left, right) = ConvArithmetic.Pad(padding, input.Width, kernel.Width, stride);
        return new ConvPadding(left, right, top, bottom);
    }

    public bool Symmetric => Top == Bottom && Left == Right;

    /// <summary>The padding the convolution itself applies: all of it when symmetric, none when a padding layer precedes it.</summary>
    public (long Height, long Width) Inside => Symmetric ? (Top, Left) : (0, 0);
}
