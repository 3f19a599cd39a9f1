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
        var keep = torch.rand(input.shape, generator: generator, dtype: input.dtype, device: input.device).ge_(rate);
        return input.mul(keep).div_(1 - rate).MoveToOuterDisposeScope();
    }
}
