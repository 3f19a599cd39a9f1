using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Model.Layers;

/// <summary>
/// SoftPool (Stergiou et al. 2021): each window's softmax-weighted mean, sum(e^x * x) / sum(e^x).
/// Computed on unfolded windows with softmax, which subtracts each window's own maximum: a global
/// maximum (the usual shortcut) underflows every weight of windows far below it.
/// </summary>
internal sealed class SoftPool2d(long size, long stride) : nn.Module<Tensor, Tensor>("soft_pool")
{
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long n = input.shape[0], c = input.shape[1];
        var outHeight = (input.shape[2] - size) / stride + 1;
        var outWidth = (input.shape[3] - size) / stride + 1;
        var windows = nn.functional.unfold(input, (size, size), stride: (stride, stride)).view(n, c, size * size, -1);
        var pooled = windows.softmax(2).mul(windows).sum(2);
        return pooled.view(n, c, outHeight, outWidth).MoveToOuterDisposeScope();
    }
}
