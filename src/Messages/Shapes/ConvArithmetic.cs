using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Shapes;

/// <summary>Output sizes and padding of convolutions and pools, in Keras's arithmetic.</summary>
public static class ConvArithmetic
{
    /// <summary>
    /// Zeros before and after along one axis. "same" pads so that out = ceil(in / stride), the extra
    /// zero going after (right/bottom) as Keras and TensorFlow do; PyTorch has no "same" for
    /// stride > 1, so both conventions use this rule.
    /// </summary>
    public static (int Before, int After) Pad(Padding padding, int input, int kernel, int stride)
    {
        switch (padding.Mode)
        {
            case PaddingMode.Valid:
                return (0, 0);
            case PaddingMode.Explicit:
                return (padding.Amount, padding.Amount);
            default:
                var output = (input + stride - 1) / stride;
                var total = Math.Max((output - 1) * stride + kernel - input, 0);
                return (total / 2, total - total / 2);
        }
    }

    /// <summary>floor((in + pads - kernel) / stride) + 1; below 1 means the spec is impossible.</summary>
    public static int Output(int input, int kernel, int stride, (int Before, int After) pad) =>
        input + pad.Before + pad.After < kernel ? 0 : (input + pad.Before + pad.After - kernel) / stride + 1;
}
