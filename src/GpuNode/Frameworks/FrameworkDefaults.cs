using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Frameworks;

/// <summary>
/// The defaults on which Keras and PyTorch disagree, chosen at once by a trial's <c>conventions</c>.
/// Every value a spec sets explicitly wins over these.
/// </summary>
public static class FrameworkDefaults
{
    /// <summary>Keras 1e-3, torch 1e-5.</summary>
    public static double BatchNormEpsilon(Conventions conventions) =>
        conventions == Conventions.Keras ? 1e-3 : 1e-5;

    /// <summary>In torch's sense (weight of the new batch): Keras momentum 0.99 is torch's 0.01; torch's own is 0.1.</summary>
    public static double BatchNormMomentum(Conventions conventions) =>
        conventions == Conventions.Keras ? 0.01 : 0.1;

    /// <summary>Keras LeakyReLU 0.3, torch 0.01; ELU's alpha is 1 in both.</summary>
    public static double Alpha(ActivationKind kind, Conventions conventions) => kind switch
    {
        ActivationKind.LeakyRelu => conventions == Conventions.Keras ? 0.3 : 0.01,
        _ => 1.0,
    };

    /// <summary>Keras: glorot_uniform kernels and zero biases; torch: each layer's own default.</summary>
    public static WeightInit Init(Conventions conventions) =>
        conventions == Conventions.Keras ? WeightInit.GlorotUniform : WeightInit.Default;

    public static ResolvedOptimizer Optimizer(OptimizerSpec spec, Conventions conventions)
    {
        var keras = conventions == Conventions.Keras;
        var (learningRate, epsilon, rho, accumulator) = (spec.Kind, keras) switch
        {
            (OptimizerKind.Sgd, true) => (0.01, 0.0, 0.0, 0.0),
            (OptimizerKind.Sgd, false) => (1e-3, 0.0, 0.0, 0.0),
            (OptimizerKind.RmsProp, true) => (1e-3, 1e-7, 0.9, 0.0),
            (OptimizerKind.RmsProp, false) => (1e-2, 1e-8, 0.99, 0.0),
            (OptimizerKind.Adagrad, true) => (1e-3, 1e-7, 0.0, 0.1),
            (OptimizerKind.Adagrad, false) => (1e-2, 1e-10, 0.0, 0.0),
            (OptimizerKind.Adadelta, true) => (1e-3, 1e-7, 0.95, 0.0),
            (OptimizerKind.Adadelta, false) => (1.0, 1e-6, 0.9, 0.0),
            (OptimizerKind.Adamax or OptimizerKind.NAdam, false) => (2e-3, 1e-8, 0.0, 0.0),
            (_, true) => (1e-3, 1e-7, 0.0, 0.0),
            (_, false) => (1e-3, 1e-8, 0.0, 0.0),
        };
        var weightDecay = spec.WeightDecay ?? (spec.Kind == OptimizerKind.AdamW ? (keras ? 0.004 : 0.01) : 0.0);
        return new ResolvedOptimizer(
            spec.Kind,
            spec.LearningRate ?? learningRate,
            spec.Momentum,
            spec.Nesterov,
            weightDecay,
            spec.Beta1 ?? 0.9,
            spec.Beta2 ?? 0.999,
            spec.Epsilon ?? epsilon,
            spec.Rho ?? rho,
            accumulator);
    }
}
