using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>A dataset that comes without a test set gets one: a stratified fraction of its images, seeded by the sweep, so every trial tests on the same images.</summary>
public static class TestSplit
{
    public static DatasetParts Apply(string name, ImageDataset all, DatasetSpec spec)
    {
        var split = StratifiedSplits.TrainValidation(all.Labels, all.ClassNames.Count, spec.TestSplit ?? DatasetSpec.DefaultTestSplit, unchecked((int)(spec.SplitSeed ?? 0)));
        return new DatasetParts(name, all.Select(split.Train), all.Select(split.Validation));
    }
}
