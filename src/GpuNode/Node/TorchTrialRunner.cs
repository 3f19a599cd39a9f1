using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Fusion;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// Trains assignments with the TorchSharp engine. Datasets come from the process-wide cache, so the
/// files are read once however many trials run here.
/// </summary>
/// <param name="datasets">Where this node finds each dataset's files.</param>
/// <param name="threads">Intra-op threads each trial's thread uses (cores divided by slots).</param>
public sealed class TorchTrialRunner(DatasetCache cache, LocalDatasets datasets, string device, int threads) : ITrialRunner
{
    public TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        var spec = assignment.Spec;
        if (spec.Dataset.Folds >= 2)
            return CrossValidated(assignment, Parts(spec), onEpoch, cancel);
        return Trainer.Run(TrainingRun(assignment), onEpoch, cancel).ToOutcome();
    }

    /// <summary>The members train as one fused network (<see cref="FusedTrainer"/>); each is reported as if alone.</summary>
    public void RunGroup(AssignGroup group, GroupReports reports, IReadOnlyList<CancellationToken> cancels)
    {
        var members = group.Members;
        if (members.Select(m => FusionKey.Of(m.Spec)).Distinct().Count() != 1 || FusionKey.Of(members[0].Spec) is null)
            throw new ArgumentException($"Group {group.GroupId} holds trials that cannot train fused together (see FusionKey).");
        FusedTrainer.Run(
            [.. members.Select(TrainingRun)],
            new MemberReports(
                (member, epoch) => reports.Epoch(members[member], epoch),
                (member, result) => reports.Finished(members[member], result.ToOutcome()),
                (member, error) => reports.Crashed(members[member], error)),
            cancels);
    }

    /// <summary>The members' estimates together: a fused group holds each member's weights, state, activations and data.</summary>
    public long MemoryNeed(INodeMessage assignment) => assignment switch
    {
        AssignGroup group => group.Members.Sum(m => MemoryNeed(m.Spec)),
        AssignTrial trial => MemoryNeed(trial.Spec),
        _ => 0,
    };

    private long MemoryNeed(TrialSpec spec)
    {
        var parts = Parts(spec);
        var train = parts.Train;
        var images = (long)(spec.Dataset.Subset ?? train.Count);
        if (spec.Dataset.Test)
            images += spec.Dataset.TestSubset ?? parts.Test.Count;
        var summary = ModelSummarizer.Summarize(spec.Model, new FeatureShape(train.Channels, train.Height, train.Width), train.ClassNames.Count);
        return MemoryEstimate.Bytes(summary, spec.Training, images);
    }

    private TrainingRun TrainingRun(AssignTrial assignment)
    {
        var spec = assignment.Spec;
        return new TrainingRun(spec.Model, spec.Training, TrialData.Split(Parts(spec), spec.Dataset, spec.Seed), spec.Seed, assignment.CheckpointDirectory, device, threads,
            assignment.StartFrom, assignment.KeepEvery);
    }

    private DatasetParts Parts(TrialSpec spec) => cache.Get(datasets.Source(spec.Dataset), spec.Dataset.Fingerprint);

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
        FoldMetric? Metric(MetricInfo metric) => final.TryGetValue(metric.Name, out var m) ? new FoldMetric(m.Mean, m.StdDev) : null;
        return new FoldSummary(folds, Metric(MetricRegistry.ValAccuracy)!, Metric(MetricRegistry.ValLoss)!, Metric(MetricRegistry.TestAccuracy), Metric(MetricRegistry.TestLoss));
    }
}
