using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

/// <summary>Short runs of BatchNorm models under Keras's momentum are warned about; pytorch is the default.</summary>
public sealed class KerasBatchNormWarningSpecs
{
    // 1,000 images, 10% held out: 900 train in 29 batches of 32.
    private static SweepPlan Plan(string conventions = "keras", string batchNorm = "after", int epochs = 2, string dataset = "") => SweepExpander.Expand("k.yaml", Sweeps.Base
        .Replace("  name: fashion-mnist", "  name: fashion-mnist\n  subset: 1000" + dataset)
        .Replace("      filters: 8", $"      filters: 8\n      batch_norm: {batchNorm}")
        .Replace("  epochs: 2", $"  epochs: {epochs}\n  conventions: {conventions}"));

    [Fact]
    public void Pytorch_is_the_default_conventions()
    {
        var trial = Sweeps.Expand().Trials[0];

        Assert.Equal(Conventions.PyTorch, trial.Spec.Training.Conventions);
    }

    [Fact]
    public void A_short_keras_run_of_a_batch_norm_model_is_warned_about_with_its_steps_and_trial()
    {
        var plan = Plan();

        var warning = KerasBatchNormWarning.For(plan.Trials);

        Assert.NotNull(warning);
        Assert.StartsWith("1 trial(s) train a BatchNorm model with conventions keras for under 1,000 optimizer steps (fewest 58): ", warning);
        Assert.EndsWith($"set training.conventions: pytorch or train longer ({plan.Trials[0].Id})", warning);
    }

    [Theory]
    [InlineData("pytorch", "after", 2)]
    [InlineData("keras", "none", 2)]
    [InlineData("keras", "after", 35)]
    public void No_warning_for_pytorch_for_a_model_without_batch_norm_or_for_a_thousand_steps(string conventions, string batchNorm, int epochs)
    {
        Assert.Null(KerasBatchNormWarning.For(Plan(conventions, batchNorm, epochs).Trials));
    }

    [Theory]
    [InlineData("", 29)]
    [InlineData("\n  validation: 0.5", 16)]
    [InlineData("\n  folds: 5", 25)]
    public void Steps_count_the_images_left_after_the_subset_and_the_validation_split_or_fold(string dataset, int perEpoch)
    {
        var trial = Plan(dataset: dataset, epochs: 3).Trials[0];

        Assert.Equal(3 * perEpoch, KerasBatchNormWarning.OptimizerSteps(trial.Spec));
    }
}
