using System.Runtime.CompilerServices;
using System.Text.Json;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Fusion;

/// <summary>
/// Which trials may train fused as one network: those with equal keys. A key holds what the fused
/// network and its shared minibatch steps need to be one: the architecture (dropout rates and weight
/// initialisation aside, which each member keeps), the layer conventions, the batch size and the data
/// set. Everything else (learning rate, optimizer, weight decay, schedule, dropout, seed, data split,
/// augmentation, epochs, early stopping) may differ.
/// </summary>
public static class FusionKey
{
    // Specs are immutable and one trial's spec is asked for at every lease: compute its key once.
    private static readonly ConditionalWeakTable<TrialSpec, string> Keys = [];

    /// <returns>The key, or null when the trial trains alone: residual or inception blocks, or k-fold cross-validation.</returns>
    public static string? Of(TrialSpec spec)
    {
        if (spec.Dataset.Folds >= 2 || spec.Model.Blocks.Any(b => b is not ConvBlockSpec))
            return null;
        return Keys.GetValue(spec, Compute);
    }

    private static string Compute(TrialSpec spec)
    {
        var architecture = spec.Model with
        {
            Blocks = [.. spec.Model.Blocks.Select(b => b with { Dropout = 0 })],
            Head = spec.Model.Head with { Dense = [.. spec.Model.Head.Dense.Select(d => d with { Dropout = 0 })] },
            Init = null,
        };
        // The same data, however each member cuts it (subset, validation split, folds, test subset).
        var data = spec.Dataset with { Validation = 0, Folds = 0, Subset = null, Test = true, TestSubset = null };
        var shared = new { architecture, spec.Training.Conventions, spec.Training.BatchSize, data };
        return JsonSerializer.Serialize(shared, SpecJson.Options);
    }
}
