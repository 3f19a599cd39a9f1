using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Frameworks;

/// <summary>An optimizer with every value decided (spec first, then the convention's default).</summary>
public sealed record ResolvedOptimizer(
    OptimizerKind Kind,
    double LearningRate,
    double Momentum,
    bool Nesterov,
    double WeightDecay,
    double Beta1,
    double Beta2,
    double Epsilon,
    double Rho,
    double InitialAccumulator);
