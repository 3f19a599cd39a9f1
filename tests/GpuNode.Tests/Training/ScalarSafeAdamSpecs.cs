using SweepCluster.GpuNode.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Tests.Training;

public sealed class ScalarSafeAdamSpecs
{
    /// <summary>The parameters after <paramref name="steps"/> steps of <paramref name="optimizer"/> on a fixed quadratic loss.</summary>
    private static Tensor Train(Func<IEnumerable<Parameter>, OptimizerHelper> optimizer, int steps)
    {
        var generator = new Generator(11);
        var weights = new Parameter(randn(4, 5, generator: generator));
        var inputs = randn(8, 4, generator: generator);
        using var adam = optimizer([weights]);
        for (var step = 0; step < steps; step++)
        {
            adam.zero_grad();
            matmul(inputs, weights).sin().pow(2).sum().backward();
            adam.step();
        }
        return weights.detach().clone();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void It_moves_the_parameters_exactly_as_TorchSharps_Adam(double weightDecay)
    {
        TestRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();

        var theirs = Train(p => optim.Adam(p, 0.01, 0.9, 0.999, 1e-7, weightDecay), steps: 20);
        var ours = Train(p => new ScalarSafeAdam(p, 0.01, 0.9, 0.999, 1e-7, weightDecay), steps: 20);

        Assert.True(theirs.equal(ours).all().item<bool>(), $"largest difference {(theirs - ours).abs().max().item<float>()}");
        Assert.False(theirs.equal(Train(p => optim.Adam(p, 0.01, 0.9, 0.999, 1e-7, weightDecay), steps: 19)).all().item<bool>());
    }
}
