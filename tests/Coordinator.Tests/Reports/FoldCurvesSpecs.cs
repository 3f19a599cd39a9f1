using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed class FoldCurvesSpecs
{
    private static EpochMetrics Epoch(int epoch, double valAccuracy) => new(epoch, 1, 0.5, 2 * valAccuracy, valAccuracy, 0.001, 1, 100);

    [Fact]
    public void A_k_fold_history_splits_back_into_folds_and_a_fold_stopped_early_drops_out_of_later_epochs()
    {
        // 3 epochs a fold: fold 0 ran 3 epochs (1-3), fold 1 stopped after 2 (4-5), fold 2 ran 3 (7-9).
        EpochMetrics[] history = [Epoch(1, 0.5), Epoch(2, 0.6), Epoch(3, 0.7), Epoch(4, 0.7), Epoch(5, 0.8), Epoch(7, 0.6), Epoch(8, 0.7), Epoch(9, 0.9)];

        var bands = FoldCurves.Of(history, epochsPerFold: 3);

        Assert.Equal([1, 2, 3], bands.Select(b => b.Epoch));
        Assert.Equal([3, 3, 2], bands.Select(b => b.ValAccuracy.Count));
        Assert.Equal(0.6, bands[0].ValAccuracy.Mean, 12);
        Assert.Equal(0.1, bands[0].ValAccuracy.StdDev!.Value, 12);
        Assert.Equal(0.8, bands[2].ValAccuracy.Mean, 12);
        Assert.Equal(1.6, bands[2].ValLoss.Mean, 12);
    }
}
