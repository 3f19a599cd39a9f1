using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>Keras's kernel regularisers: l1 * sum|w| + l2 * sum w^2 over conv and dense kernels (not biases, not BatchNorm).</summary>
internal sealed class KernelRegularizer(IReadOnlyList<Parameter> kernels, double l1, double l2)
{
    public static KernelRegularizer? For(nn.Module network, RegularizationSpec? spec)
    {
        if (spec is null || (spec.L1 == 0 && spec.L2 == 0))
            return null;
        var kernels = network.modules()
            .Select(m => m switch { Conv2d c => c.weight, Linear l => l.weight, _ => null })
            .OfType<Parameter>()
            .ToList();
        return new KernelRegularizer(kernels, spec.L1, spec.L2);
    }

    public Tensor Penalty()
    {
        Tensor? total = null;
        // Held until the calls return (see SeededDropout: an inline Scalar may be finalized mid-call).
        using Scalar first = l1, second = l2;
        foreach (var w in kernels)
        {
            var term = l1 > 0 && l2 > 0
                ? w.abs().sum().mul(first).add(w.square().sum().mul(second))
                : l1 > 0 ? w.abs().sum().mul(first) : w.square().sum().mul(second);
            total = total is null ? term : total.add(term);
        }
        return total!;
    }
}
