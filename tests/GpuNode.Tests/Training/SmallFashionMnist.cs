using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Tests.Data;
using SweepCluster.GpuNode.Training;

namespace SweepCluster.GpuNode.Tests.Training;

/// <summary>Stratified, seeded subsets of the real Fashion-MNIST, cut once per test class.</summary>
public sealed class SmallFashionMnist
{
    private readonly DatasetParts _parts = new RealFashionMnist().Parts;

    /// <summary><paramref name="train"/> training images, a quarter as many for validation (both stratified), and a test subset.</summary>
    public TrainingData Take(int train, int test = 0)
    {
        var validation = train / 4;
        var subset = _parts.Train.Select(StratifiedSplits.Subset(_parts.Train.Labels, 10, train + validation, seed: 1));
        var split = StratifiedSplits.TrainValidation(subset.Labels, 10, validation / (double)(train + validation), seed: 1);
        var testSet = test == 0 ? null : _parts.Test.Select(StratifiedSplits.Subset(_parts.Test.Labels, 10, test, seed: 1));
        return new TrainingData(subset.Select(split.Train), subset.Select(split.Validation), testSet);
    }

    /// <summary>
    /// Fold <paramref name="fold"/> of a stratified k-fold split of <paramref name="size"/> images: the
    /// others train, it validates. Sizes that classes do not divide evenly give folds of unequal size.
    /// </summary>
    public TrainingData Fold(int size, int folds, int fold)
    {
        var subset = _parts.Train.Select(StratifiedSplits.Subset(_parts.Train.Labels, 10, size, seed: 2));
        var split = StratifiedSplits.KFold(subset.Labels, 10, folds, seed: 2)[fold];
        return new TrainingData(subset.Select(split.Train), subset.Select(split.Validation), null);
    }
}
