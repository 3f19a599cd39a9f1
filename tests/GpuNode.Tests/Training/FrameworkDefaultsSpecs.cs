using SweepCluster.GpuNode.Frameworks;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Tests.Training;

public sealed class FrameworkDefaultsSpecs
{
    [Theory]
    [InlineData(OptimizerKind.Adam, Conventions.Keras, 1e-3, 1e-7)]
    [InlineData(OptimizerKind.Adam, Conventions.PyTorch, 1e-3, 1e-8)]
    [InlineData(OptimizerKind.RmsProp, Conventions.Keras, 1e-3, 1e-7)]
    [InlineData(OptimizerKind.RmsProp, Conventions.PyTorch, 1e-2, 1e-8)]
    [InlineData(OptimizerKind.Adadelta, Conventions.PyTorch, 1.0, 1e-6)]
    [InlineData(OptimizerKind.NAdam, Conventions.PyTorch, 2e-3, 1e-8)]
    [InlineData(OptimizerKind.Sgd, Conventions.Keras, 1e-2, 0.0)]
    public void Each_convention_fills_its_framework_defaults(OptimizerKind kind, Conventions conventions, double rate, double epsilon)
    {
        var resolved = FrameworkDefaults.Optimizer(new OptimizerSpec { Kind = kind }, conventions);

        Assert.Equal((rate, epsilon), (resolved.LearningRate, resolved.Epsilon));
    }

    [Fact]
    public void Explicit_values_win_over_the_convention()
    {
        var spec = new OptimizerSpec { Kind = OptimizerKind.AdamW, LearningRate = 0.05, Epsilon = 1e-4, WeightDecay = 0 };

        var resolved = FrameworkDefaults.Optimizer(spec, Conventions.Keras);

        Assert.Equal((0.05, 1e-4, 0.0), (resolved.LearningRate, resolved.Epsilon, resolved.WeightDecay));
    }

    [Fact]
    public void Adamw_decays_by_default_and_other_optimizers_do_not()
    {
        Assert.Equal(0.004, FrameworkDefaults.Optimizer(new OptimizerSpec { Kind = OptimizerKind.AdamW }, Conventions.Keras).WeightDecay);
        Assert.Equal(0.01, FrameworkDefaults.Optimizer(new OptimizerSpec { Kind = OptimizerKind.AdamW }, Conventions.PyTorch).WeightDecay);
        Assert.Equal(0.0, FrameworkDefaults.Optimizer(new OptimizerSpec(), Conventions.Keras).WeightDecay);
    }

    [Fact]
    public void Leaky_relu_slope_and_batch_norm_follow_the_convention()
    {
        Assert.Equal((0.3, 1e-3, 0.01), (FrameworkDefaults.Alpha(ActivationKind.LeakyRelu, Conventions.Keras), FrameworkDefaults.BatchNormEpsilon(Conventions.Keras), FrameworkDefaults.BatchNormMomentum(Conventions.Keras)));
        Assert.Equal((0.01, 1e-5, 0.1), (FrameworkDefaults.Alpha(ActivationKind.LeakyRelu, Conventions.PyTorch), FrameworkDefaults.BatchNormEpsilon(Conventions.PyTorch), FrameworkDefaults.BatchNormMomentum(Conventions.PyTorch)));
    }
}
