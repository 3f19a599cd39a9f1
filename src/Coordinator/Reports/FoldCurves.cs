using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Reports;

/// <summary>One epoch of a k-fold trial: the validation metrics' mean and spread over the folds that reached it.</summary>
public sealed record FoldEpoch(int Epoch, MeanStd ValAccuracy, MeanStd ValLoss);

/// <summary>
/// Per-epoch bands of a k-fold trial. The trainer reports fold k's epoch e as epoch k * E + e (E the
/// epoch budget), so the recorded history splits back into folds; a fold stopped early simply ends.
/// </summary>
public static class FoldCurves
{
    public static IReadOnlyList<FoldEpoch> Of(IReadOnlyList<EpochMetrics> history, int epochsPerFold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochsPerFold, 1);
        var folds = history.GroupBy(e => (e.Epoch - 1) / epochsPerFold).OrderBy(g => g.Key)
            .Select(g => g.OrderBy(e => e.Epoch).ToList()).ToList();
        var accuracy = FoldAggregate.PerEpoch([.. folds.Select(f => (IReadOnlyList<double>)[.. f.Select(e => e.ValAccuracy)])]);
        var loss = FoldAggregate.PerEpoch([.. folds.Select(f => (IReadOnlyList<double>)[.. f.Select(e => e.ValLoss)])]);
        return [.. accuracy.Select((a, i) => new FoldEpoch(i + 1, a, loss[i]))];
    }
}
