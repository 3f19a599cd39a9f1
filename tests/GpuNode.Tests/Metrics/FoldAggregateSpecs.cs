using SweepCluster.GpuNode.Metrics;

namespace SweepCluster.GpuNode.Tests.Metrics;

public sealed class FoldAggregateSpecs
{
    [Fact]
    public void Per_epoch_aggregates_only_the_folds_that_reached_the_epoch()
    {
        // Fold 2 stopped after two epochs, fold 3 after one.
        IReadOnlyList<IReadOnlyList<double>> folds =
        [
            [0.5, 0.25, 0.125],
            [0.75, 0.5],
            [1.0],
        ];

        var epochs = FoldAggregate.PerEpoch(folds);

        // Epoch 1: 0.5, 0.75, 1.0 -> mean 0.75; squares 0.0625 + 0 + 0.0625 = 0.125, / (3-1) = 0.0625, std 0.25.
        // Epoch 2: 0.25, 0.5 -> mean 0.375; squares 2 * 0.015625 = 0.03125, / (2-1), std sqrt(0.03125) ≈ 0.1768.
        // Epoch 3: 0.125 alone -> mean 0.125, std 0.
        Assert.Equal(3, epochs.Count);
        AssertMeanStd(epochs[0], 0.75, 0.25, 3);
        AssertMeanStd(epochs[1], 0.375, Math.Sqrt(0.03125), 2);
        AssertMeanStd(epochs[2], 0.125, null, 1);
    }

    [Fact]
    public void Per_epoch_of_no_folds_is_empty()
    {
        Assert.Empty(FoldAggregate.PerEpoch([]));
    }

    [Fact]
    public void Final_uses_the_sample_standard_deviation()
    {
        double[] finals = [2, 4, 4, 4, 5, 5, 7, 9];

        var aggregate = FoldAggregate.Final(finals);

        // Mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample variance 32/7
        // (the population figure would be 32/8 = 4, std 2).
        AssertMeanStd(aggregate, 5, Math.Sqrt(32.0 / 7), 8);
    }

    [Fact]
    public void Final_of_one_value_has_zero_spread()
    {
        AssertMeanStd(FoldAggregate.Final([0.8]), 0.8, null, 1);
    }

    [Fact]
    public void Final_rejects_an_empty_list()
    {
        var error = Assert.Throws<ArgumentException>(() => FoldAggregate.Final([]));

        Assert.Equal("values", error.ParamName);
    }

    private static void AssertMeanStd(MeanStd actual, double mean, double? stdDev, int count)
    {
        Assert.Equal(mean, actual.Mean, precision: 9);
        if (stdDev is null)
            Assert.Null(actual.StdDev);
        else
            Assert.Equal(stdDev.Value, actual.StdDev!.Value, precision: 9);
        Assert.Equal(count, actual.Count);
    }
}
