using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Model;

/// <summary>
/// Re-initialises conv and dense kernels the Keras way. Written by hand: in TorchSharp 0.107
/// glorot_normal fills uniform values and trunc_normal_ fills one constant. Keras's normal variants
/// are truncated at two standard deviations (std divided by 0.8796 so the truncated spread keeps
/// the intended variance).
/// </summary>
internal static class WeightInitializer
{
    private const double TruncatedNormalCorrection = 0.87962566103423978;

    public static void Apply(nn.Module model, WeightInit init)
    {
        if (init == WeightInit.Default)
            return;
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            var (weight, bias) = module switch
            {
                Conv2d conv => (conv.weight, conv.bias),
                Linear linear => (linear.weight, linear.bias),
                _ => (null, null),
            };
            if (weight is null)
                continue;
            Fill(weight, init);
            bias?.zero_();
        }
    }

    private static void Fill(Tensor weight, WeightInit init)
    {
        // Conv kernels are out x in x kh x kw, dense kernels out x in: the receptive field multiplies both fans.
        var receptive = weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        double fanIn = weight.shape[1] * receptive, fanOut = weight.shape[0] * receptive;
        switch (init)
        {
            case WeightInit.GlorotUniform:
                Uniform(weight, Math.Sqrt(6 / (fanIn + fanOut)));
                break;
            case WeightInit.GlorotNormal:
                TruncatedNormal(weight, Math.Sqrt(2 / (fanIn + fanOut)));
                break;
            case WeightInit.HeUniform:
                Uniform(weight, Math.Sqrt(6 / fanIn));
                break;
            case WeightInit.HeNormal:
                TruncatedNormal(weight, Math.Sqrt(2 / fanIn));
                break;
            case WeightInit.Zeros:
                weight.zero_();
                break;
        }
    }

    private static void Uniform(Tensor weight, double limit) => weight.uniform_(-limit, limit);

    /// <summary>Inverse-CDF sampling, as PyTorch's trunc_normal_ does: u ~ U(Phi(-2), Phi(2)), x = sqrt 2 erfinv(2u - 1).</summary>
    private static void TruncatedNormal(Tensor weight, double std)
    {
        const double PhiOfMinusTwo = 0.022750131948179195;
        using var scope = NewDisposeScope();
        weight.uniform_(2 * PhiOfMinusTwo - 1, 1 - 2 * PhiOfMinusTwo).erfinv_().mul_(Math.Sqrt(2) * std / TruncatedNormalCorrection);
    }
}
