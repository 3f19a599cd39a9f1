using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

/// <summary>Both ends of every random distribution are checked against the parameter's range, wherever the samples fall.</summary>
public sealed class DistributionBoundSpecs
{
    private static string Random(string parameter, string distribution, int samples = 1) =>
        Sweeps.Base + $"\nsearch:\n  strategy: random\n  samples: {samples}\n  parameters:\n    {parameter}: {distribution}\n";

    [Fact]
    public void A_dropout_range_above_one_is_refused_even_when_no_sample_lands_there()
    {
        // Seed 3's one sample lands low, so only the bound check can see the bad end.
        var text = Random("model.head.dense[0].dropout", "{uniform: [0, 1.5]}");
        Assert.True(SweepExpander.Expand("probe.yaml", Random("model.head.dense[0].dropout", "{uniform: [0, 0.999]}")).Trials[0].Spec.Model.Head.Dense[0].Dropout < 0.66);

        var error = Assert.Single(Sweeps.Errors(text));

        Assert.Equal((22, "model.head.dense[0].dropout"), (error.Line, error.Path));
        Assert.Equal("trial 'model.head.dense[0].dropout = 1.4999999999999998, the high end of uniform [0, 1.5]': must be a rate in [0, 1)", error.Message);
    }

    [Theory]
    [InlineData("{uniform: [0, 1]}")]
    [InlineData("{loguniform: [0.001, 0.9]}")]
    public void A_range_whose_draws_stay_valid_is_accepted(string distribution)
    {
        Assert.Single(Sweeps.Expand($"search:\n  strategy: random\n  samples: 1\n  parameters:\n    model.head.dense[0].dropout: {distribution}\n").Trials);
    }

    [Theory]
    [InlineData("training.optimizer.beta2", "{loguniform: [0.5, 1.01]}", "trial 'training.optimizer.beta2 = 1.0099999999999998, the high end of loguniform [0.5, 1.01]': must be in [0, 1)")]
    [InlineData("training.batch_size", "{int: [0, 64]}", "trial 'training.batch_size = 0, the low end of int [0, 64]': must be at least 1")]
    [InlineData("training.optimizer.momentum", "{choice: [0.9, 1.0, 0.5]}", "trial 'training.optimizer.momentum = 1, a choice of choice [0.9, 1, 0.5]': must be in [0, 1)")]
    public void Each_kind_of_distribution_is_checked_at_its_ends(string parameter, string distribution, string message)
    {
        var error = Assert.Single(Sweeps.Errors(Random(parameter, distribution)));

        Assert.StartsWith(message, error.Message);
    }
}
