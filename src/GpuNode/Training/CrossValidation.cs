using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Training;

/// <summary>Every fold's result and the mean and spread over folds, per epoch and at the end.</summary>
/// <param name="PerEpoch">Keyed by the registry's per-epoch metrics (<see cref="MetricRegistry.PerEpoch"/>).</param>
/// <param name="Final">
/// Keyed val_accuracy, val_loss and, with a test set, test_accuracy, test_loss; empty unless every fold
/// ended with weights to evaluate (a mean over the survivors would hide the folds that diverged).
/// </param>
/// <param name="Complete">Every fold ran and was evaluated.</param>
public sealed record CrossValidationResult(
    IReadOnlyList<TrainingResult> Folds,
    IReadOnlyDictionary<string, IReadOnlyList<MeanStd>> PerEpoch,
    IReadOnlyDictionary<string, MeanStd> Final,
    bool Complete);

/// <summary>
/// k-fold cross-validation of one trial: stratified folds of the training set, each trained as its own
/// run (with a seed derived from the trial's seed and k, checkpoints under fold-k/), then aggregated.
/// </summary>
public static class CrossValidation
{
    public static CrossValidationResult Run(
        ModelSpec model,
        TrainingSpec training,
        ImageDataset train,
        ImageDataset? test,
        int folds,
        TrainingRunOptions options,
        Action<int, EpochMetrics>? onEpoch = null,
        CancellationToken cancel = default)
    {
        var splits = StratifiedSplits.KFold(train.Labels, train.ClassNames.Count, folds, unchecked((int)DerivedSeeds.For(options.Seed, 0, DerivedSeeds.Fold)));
        var results = new List<TrainingResult>();
        for (var k = 0; k < splits.Count && !cancel.IsCancellationRequested; k++)
        {
            var fold = k;
            var data = new TrainingData(train.Select(splits[k].Train), train.Select(splits[k].Validation), test);
            var seed = DerivedSeeds.For(options.Seed, k + 1, DerivedSeeds.Fold);
            var run = new TrainingRun(model, training, data, seed, Path.Combine(options.CheckpointDirectory, $"fold-{k}"), options.Device, options.Threads);
            results.Add(Trainer.Run(run, onEpoch is null ? null : e => onEpoch(fold, e), cancel));
        }
        var complete = results.Count == splits.Count && results.All(r => r.Validation is not null);
        return new CrossValidationResult(results, PerEpoch(results), complete ? Final(results) : new Dictionary<string, MeanStd>(), complete);
    }

    private static Dictionary<string, IReadOnlyList<MeanStd>> PerEpoch(IReadOnlyList<TrainingResult> results) =>
        MetricRegistry.PerEpoch.ToDictionary(m => m.Name, m => FoldAggregate.PerEpoch(
            [.. results.Select(r => (IReadOnlyList<double>)[.. r.History.Select(e => m.Of(e)!.Value)])]));

    private static Dictionary<string, MeanStd> Final(IReadOnlyList<TrainingResult> results)
    {
        var final = new Dictionary<string, MeanStd>();
        var evaluated = results;
        final[MetricRegistry.ValAccuracy.Name] = FoldAggregate.Final([.. evaluated.Select(r => r.Validation!.Accuracy)]);
        final[MetricRegistry.ValLoss.Name] = FoldAggregate.Final([.. evaluated.Select(r => r.Validation!.LogLoss)]);
        if (evaluated.All(r => r.Test is not null))
        {
            final[MetricRegistry.TestAccuracy.Name] = FoldAggregate.Final([.. evaluated.Select(r => r.Test!.Accuracy)]);
            final[MetricRegistry.TestLoss.Name] = FoldAggregate.Final([.. evaluated.Select(r => r.Test!.LogLoss)]);
        }
        return final;
    }
}
