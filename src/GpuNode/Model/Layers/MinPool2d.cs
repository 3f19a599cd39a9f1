using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Model.Layers;

/// <summary>Min-pooling as the negated max-pool of the negated input (study B compares it with max and average).</summary>
internal sealed class MinPool2d(long size, long stride) : nn.Module<Tensor, Tensor>("min_pool")
{
    public override Tensor forward(Tensor input) =>
        nn.functional.max_pool2d(input.neg(), [size, size], [stride, stride]).neg_();
}
