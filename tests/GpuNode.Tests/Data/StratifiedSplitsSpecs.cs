using SweepCluster.GpuNode.Data;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class StratifiedSplitsSpecs
{
    // Imbalanced on purpose: 500 / 300 / 120 / 80 per class.
    private static readonly int[] Labels = Shuffled(
        [.. Enumerable.Repeat(0, 500), .. Enumerable.Repeat(1, 300), .. Enumerable.Repeat(2, 120), .. Enumerable.Repeat(3, 80)]);

    private static int[] Shuffled(int[] labels)
    {
        new Random(7).Shuffle(labels);
        return labels;
    }

    private static int[] CountPerClass(IEnumerable<int> indices) =>
        Enumerable.Range(0, 4).Select(c => indices.Count(i => Labels[i] == c)).ToArray();

    [Fact]
    public void Validation_split_keeps_each_class_share()
    {
        var split = StratifiedSplits.TrainValidation(Labels, 4, 0.2, seed: 1);

        Assert.Equal([100, 60, 24, 16], CountPerClass(split.Validation));
        Assert.Equal([400, 240, 96, 64], CountPerClass(split.Train));
    }

    [Fact]
    public void Validation_split_is_a_partition_in_ascending_order()
    {
        var split = StratifiedSplits.TrainValidation(Labels, 4, 0.15, seed: 3);

        Assert.Equal(Enumerable.Range(0, Labels.Length), split.Train.Concat(split.Validation).Order());
        Assert.Equal(split.Train.Order(), split.Train);
        Assert.Equal(150, split.Validation.Length);
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        var a = StratifiedSplits.TrainValidation(Labels, 4, 0.2, seed: 11);
        var b = StratifiedSplits.TrainValidation(Labels, 4, 0.2, seed: 11);
        var c = StratifiedSplits.TrainValidation(Labels, 4, 0.2, seed: 12);

        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Validation, c.Validation);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Validation_fraction_outside_0_1_is_refused(double fraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplits.TrainValidation(Labels, 4, fraction, 1));

        Assert.Contains("strictly between 0 and 1", error.Message);
    }

    [Fact]
    public void K_folds_partition_the_set_and_stay_stratified()
    {
        var folds = StratifiedSplits.KFold(Labels, 4, 10, seed: 5);

        Assert.Equal(10, folds.Count);
        Assert.Equal(Enumerable.Range(0, Labels.Length), folds.SelectMany(f => f.Validation).Order());
        Assert.All(folds, f => Assert.Equal(100, f.Validation.Length));
        Assert.All(folds, f => Assert.Equal(Labels.Length, f.Train.Length + f.Validation.Length));
        Assert.All(folds, f => Assert.Empty(f.Train.Intersect(f.Validation)));
        Assert.All(folds, f => Assert.Equal([50, 30, 12, 8], CountPerClass(f.Validation)));
    }

    [Fact]
    public void K_folds_are_seed_deterministic()
    {
        var a = StratifiedSplits.KFold(Labels, 4, 5, seed: 2);
        var b = StratifiedSplits.KFold(Labels, 4, 5, seed: 2);

        Assert.Equal(a.Select(f => f.Validation), b.Select(f => f.Validation));
    }

    [Fact]
    public void More_folds_than_the_smallest_class_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplits.KFold(Labels, 4, 81, 1));

        Assert.Contains("2 <= k <= 80", error.Message);
    }

    [Fact]
    public void Subset_is_stratified_sized_and_deterministic()
    {
        var subset = StratifiedSplits.Subset(Labels, 4, 100, seed: 9);

        Assert.Equal(100, subset.Length);
        Assert.Equal([50, 30, 12, 8], CountPerClass(subset));
        Assert.Equal(subset, StratifiedSplits.Subset(Labels, 4, 100, seed: 9));
        Assert.Equal(subset.Distinct().Order(), subset);
    }

    [Fact]
    public void Subset_rounding_still_gives_the_exact_size()
    {
        Assert.Equal(7, StratifiedSplits.Subset(Labels, 4, 7, seed: 1).Length);
    }
}
