using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;
using SweepCluster.TestSupport;

namespace SweepCluster.Search.Tests;

/// <summary>The test-support sweep file that the CLI and cluster specs run is a valid sweep file saying what its properties say.</summary>
public sealed class TinySweepSpecs
{
    [Fact]
    public void The_defaults_expand_to_one_small_trial_per_learning_rate()
    {
        var plan = SweepExpander.Expand("tiny.yaml", new TinySweep("tiny") { Seed = 5 }.Yaml());

        Assert.Equal("tiny", plan.Name);
        Assert.Equal([0.001, 0.003], plan.Trials.Select(t => t.Spec.Training.Optimizer.LearningRate));
        var spec = plan.Trials[0].Spec;
        Assert.Equal((300, 0.2, 100), (spec.Dataset.Subset, spec.Dataset.Validation, spec.Dataset.TestSubset));
        Assert.Equal((2, 32), (spec.Training.Epochs, spec.Training.BatchSize));
        var block = Assert.IsType<ConvBlockSpec>(Assert.Single(spec.Model.Blocks));
        Assert.Equal(4, block.Filters);
        Assert.NotNull(block.Pool);
        Assert.Null(plan.Scheduler);
    }

    [Fact]
    public void A_search_section_and_a_scheduler_are_written_as_given()
    {
        var sweep = new TinySweep("many")
        {
            Subset = 500,
            Filters = 8,
            Pool = false,
            Search = """
                strategy: random
                samples: 24
                parameters:
                  training.optimizer.learning_rate: {loguniform: [0.0001, 0.01]}
                """,
            Scheduler = "{type: asha, grace_period: 1, reduction_factor: 2}",
        };

        var plan = SweepExpander.Expand("many.yaml", sweep.Yaml());

        Assert.Equal(24, plan.Trials.Count);
        Assert.All(plan.Trials, t => Assert.InRange(t.Spec.Training.Optimizer.LearningRate!.Value, 0.0001, 0.01));
        var block = Assert.IsType<ConvBlockSpec>(Assert.Single(plan.Trials[0].Spec.Model.Blocks));
        Assert.Equal(8, block.Filters);
        Assert.Null(block.Pool);
        Assert.NotNull(plan.Scheduler);
    }

    [Fact]
    public void Without_learning_rates_it_is_one_trial_reading_the_given_data_folder()
    {
        var sweep = new TinySweep("missing-data") { DataPath = "/tmp/no-such-data", Validation = null, TestSubset = null, LearningRates = [] };

        var trial = Assert.Single(SweepExpander.Expand("missing-data.yaml", sweep.Yaml()).Trials);

        Assert.Equal("/tmp/no-such-data", trial.Spec.Dataset.Path);
        Assert.Null(trial.Spec.Dataset.TestSubset);
    }
}
