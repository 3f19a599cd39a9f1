using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Node;

/// <summary>Cuts a trial's data from the loaded dataset as its <see cref="DatasetSpec"/> says: subset, validation split, test subset.</summary>
public static class TrialData
{
    /// <summary>The training set a trial uses (after any subset): what folds or the validation split are cut from.</summary>
    public static ImageDataset Training(DatasetParts parts, DatasetSpec spec, long seed) =>
        spec.Subset is { } size ? parts.Train.Select(StratifiedSplits.Subset(parts.Train.Labels, parts.Train.ClassNames.Count, size, Seed(seed))) : parts.Train;

    public static ImageDataset? Test(DatasetParts parts, DatasetSpec spec, long seed) =>
        !spec.Test ? null
        : spec.TestSubset is { } size ? parts.Test.Select(StratifiedSplits.Subset(parts.Test.Labels, parts.Test.ClassNames.Count, size, Seed(seed)))
        : parts.Test;

    public static TrainingData Split(DatasetParts parts, DatasetSpec spec, long seed)
    {
        var train = Training(parts, spec, seed);
        var split = StratifiedSplits.TrainValidation(train.Labels, train.ClassNames.Count, spec.Validation, Seed(seed));
        return new TrainingData(train.Select(split.Train), train.Select(split.Validation), Test(parts, spec, seed));
    }

    private static int Seed(long seed) => unchecked((int)seed);
}
