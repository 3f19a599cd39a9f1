using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// Trains assignments with the TorchSharp engine. Datasets come from the process-wide cache, so the
/// files are read once however many trials run here.
/// </summary>
/// <param name="datasetFolder">The configured folder of a dataset name, used when a spec names none.</param>
/// <param name="threads">Intra-op threads each trial's thread uses (cores divided by slots).</param>
public sealed class TorchTrialRunner(DatasetCache cache, Func<string, string?> datasetFolder, string device, int threads) : ITrialRunner
{
    public TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        var spec = assignment.Spec;
        var parts = cache.Get(DatasetCatalog.Resolve(spec.Dataset.Name, spec.Dataset.Path ?? datasetFolder(spec.Dataset.Name)));
        if (spec.Dataset.Folds >= 2)
            return CrossValidated(assignment, parts, onEpoch, cancel);
        var run = new TrainingRun(spec.Model, spec.Training, TrialData.Split(parts, spec.Dataset, spec.Seed), spec.Seed, assignment.CheckpointDirectory, device, threads,
            assignment.StartFrom, assignment.KeepEvery);
        var result = Trainer.Run(run, onEpoch, cancel);
        return new TrialOutcome(result.Status, result.BestEpoch, result.Validation, result.Test, result.Detail);
    }

    /// <summary>Every fold in turn; the outcome carries the fold means (reports per fold stay in each fold's checkpoints).</summary>
    private TrialOutcome CrossValidated(AssignTrial assignment, DatasetParts parts, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        var spec = assignment.Spec;
        var result = CrossValidation.Run(
            spec.Model, spec.Training, TrialData.Training(parts, spec.Dataset, spec.Seed), TrialData.Test(parts, spec.Dataset, spec.Seed), spec.Dataset.Folds,
            new TrainingRunOptions(spec.Seed, assignment.CheckpointDirectory, device, threads),
            (fold, epoch) => onEpoch(epoch with { Epoch = fold * spec.Training.Epochs + epoch.Epoch }),
            cancel);
        if (cancel.IsCancellationRequested)
            return new TrialOutcome(TrialStatus.Cancelled, null, null, null, "cancelled");
        var summary = string.Join(", ", result.Final.Select(m => $"{m.Key} {m.Value.Mean:F4} ± {m.Value.StdDev ?? 0:F4}"));
        return result.Complete
            ? new TrialOutcome(TrialStatus.Completed, null, null, null, $"{spec.Dataset.Folds}-fold: {summary}", Summary(spec.Dataset.Folds, result.Final))
            : new TrialOutcome(TrialStatus.Diverged, null, null, null, $"{result.Folds.Count(f => f.Validation is null)} of {spec.Dataset.Folds} folds ended without weights to evaluate");
    }

    private static FoldSummary Summary(int folds, IReadOnlyDictionary<string, MeanStd> final)
    {
        FoldMetric? Metric(string name) => final.TryGetValue(name, out var m) ? new FoldMetric(m.Mean, m.StdDev) : null;
        return new FoldSummary(folds, Metric("val_accuracy")!, Metric("val_loss")!, Metric("test_accuracy"), Metric("test_loss"));
    }
}
