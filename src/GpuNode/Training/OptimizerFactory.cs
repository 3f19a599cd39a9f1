using SweepCluster.GpuNode.Frameworks;
using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;

namespace SweepCluster.GpuNode.Training;

/// <summary>Creates the torch optimizer a resolved spec names, with every value passed explicitly.</summary>
internal static class OptimizerFactory
{
    public static OptimizerHelper Create(ResolvedOptimizer o, IEnumerable<Parameter> parameters) => o.Kind switch
    {
        OptimizerKind.Adam => new ScalarSafeAdam(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay),
        OptimizerKind.AdamW => torch.optim.AdamW(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay),
        OptimizerKind.NAdam => torch.optim.NAdam(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay),
        OptimizerKind.Adamax => torch.optim.Adamax(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay),
        OptimizerKind.Sgd => torch.optim.SGD(parameters, o.LearningRate, o.Momentum, 0, o.WeightDecay, o.Nesterov),
        OptimizerKind.RmsProp => torch.optim.RMSProp(parameters, o.LearningRate, o.Rho, o.Epsilon, o.WeightDecay, o.Momentum),
        OptimizerKind.Adagrad => torch.optim.Adagrad(parameters, o.LearningRate, 0, o.WeightDecay, o.InitialAccumulator, o.Epsilon),
        _ => torch.optim.Adadelta(parameters, o.LearningRate, o.Rho, o.Epsilon, o.WeightDecay),
    };

    public static void SetLearningRate(torch.optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = rate;
    }
}
