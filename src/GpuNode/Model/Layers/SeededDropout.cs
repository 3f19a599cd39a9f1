using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Model.Layers;

/// <summary>
/// Inverted dropout whose mask comes from the trial's own generator: torch's dropout draws from one
/// process-wide generator, so trials training side by side would disturb each other's randomness.
/// </summary>
internal sealed class SeededDropout(double rate, Generator generator) : nn.Module<Tensor, Tensor>("dropout")
{
    public override Tensor forward(Tensor input)
    {
        if (!training || rate == 0)
            return input.alias();
        using var scope = NewDisposeScope();
        // Scalars held until the calls return: TorchSharp 0.107 passes a Scalar's handle without keeping the
        // Scalar alive, so one made inline from a double can be finalized while libtorch still reads it
        // ("Unknown scalar type" in div_, seen under load).
        using Scalar dropped = rate, kept = 1 - rate;
        var keep = torch.rand(input.shape, generator: generator, dtype: input.dtype, device: input.device).ge_(dropped);
        return input.mul(keep).div_(kept).MoveToOuterDisposeScope();
    }
}
