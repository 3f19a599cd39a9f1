using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// Keras's BatchNorm momentum (0.99) lets the running statistics that evaluation uses trail the weights
/// by about a hundred steps, so a short run evaluates far below its training accuracy (a short study
/// scored 11% with keras where pytorch scored 83%). Not an error: it is what Keras does.
/// </summary>
public static class KerasBatchNormWarning
{
    /// <summary>Optimizer steps in all below which the warning is given; the seed studies train for many thousands.</summary>
    public const int MinSteps = 1_000;

    /// <summary>A warning naming the trials that train a BatchNorm model under keras conventions for fewer than <see cref="MinSteps"/> steps; null when none does.</summary>
    public static string? For(IEnumerable<PlannedTrial> trials)
    {
        var affected = trials.Where(t => Applies(t.Spec)).ToList();
        if (affected.Count == 0)
            return null;
        var fewest = affected.Min(t => OptimizerSteps(t.Spec));
        var named = string.Join(", ", affected.Take(3).Select(t => t.Id)) + (affected.Count > 3 ? $" and {affected.Count - 3} more" : "");
        return $"{affected.Count} trial(s) train a BatchNorm model with conventions keras for under {MinSteps:N0} optimizer steps (fewest {fewest:N0}): " +
            $"Keras's BatchNorm momentum 0.99 leaves the statistics used at evaluation behind the weights, so results can be far below training accuracy; " +
            $"set training.conventions: pytorch or train longer ({named})";
    }

    public static bool Applies(TrialSpec trial) =>
        trial.Training.Conventions == Conventions.Keras && HasBatchNorm(trial.Model) && OptimizerSteps(trial) is < MinSteps;

    /// <summary>
    /// Epochs times batches per epoch, on the images left for training after the subset and the
    /// validation split (or fold); null when the set's size is not known without reading it (a user's own data without a subset).
    /// </summary>
    public static long? OptimizerSteps(TrialSpec trial)
    {
        var data = trial.Dataset;
        var images = data.Subset ?? Datasets.Describe(data)?.TrainImages ?? 0;
        if (images < 1)
            return null;
        var held = data.Folds >= 2 ? images / data.Folds : (int)Math.Round(images * data.Validation, MidpointRounding.AwayFromZero);
        var batches = (images - held + trial.Training.BatchSize - 1) / trial.Training.BatchSize;
        return (long)trial.Training.Epochs * batches;
    }

    private static bool HasBatchNorm(ModelSpec model) => model.Blocks.Any(block => block switch
    {
        ConvBlockSpec conv => conv.BatchNorm != BatchNormPlacement.None,
        ResidualBlockSpec residual => residual.BatchNorm,
        InceptionBlockSpec inception => inception.BatchNorm,
        _ => false,
    });
}
