using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// What one trial holds in device memory while it trains, from its spec and data (float32): weights,
/// gradients and optimizer state; the activations a training step keeps for its backward pass at the
/// trial's batch size (or an evaluation batch's, whichever is larger); and its own copy of its images.
/// A first estimate: the node corrects it with the memory it measures.
/// </summary>
public static class MemoryEstimate
{
    private const int FloatBytes = 4;
    /// <summary>Each layer's output, its gradient, and what the layer saves for its backward pass (masks, inputs).</summary>
    private const int TrainingCopies = 3;
    private const int EvaluationBatch = 1024;

    /// <param name="images">Training, validation and test images together.</param>
    public static long Bytes(ModelSummary summary, TrainingSpec training, long images)
    {
        var state = summary.Total * (2 + OptimizerCopies(training.Optimizer));
        var perImage = summary.Layers.Sum(l => l.Output.Elements);
        var activations = Math.Max(perImage * training.BatchSize * TrainingCopies, perImage * EvaluationBatch);
        var data = images * summary.Input.Elements;
        return (state + activations + data) * FloatBytes + images * sizeof(long);
    }

    /// <summary>Optimizer state per parameter: Adam's two moments, SGD's momentum buffer, and so on.</summary>
    private static int OptimizerCopies(OptimizerSpec optimizer) => optimizer.Kind switch
    {
        OptimizerKind.Sgd => optimizer.Momentum > 0 ? 1 : 0,
        OptimizerKind.Adagrad => 1,
        _ => 2,
    };
}
