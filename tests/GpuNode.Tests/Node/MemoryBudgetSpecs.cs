using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Tests.Node;

public sealed class MemoryBudgetSpecs
{
    private const long Mb = 1 << 20;

    [Fact]
    public void Trials_start_while_their_estimates_fit_and_one_always_may_run_alone()
    {
        var budget = new MemoryBudget(1000 * Mb, slots: 8);

        Assert.True(budget.Fits(5000 * Mb));
        budget.Reserve("a", 400 * Mb);
        Assert.True(budget.Fits(600 * Mb));
        Assert.False(budget.Fits(601 * Mb));
        budget.Reserve("b", 600 * Mb);
        Assert.False(budget.Fits(1));
        budget.Release("a");
        Assert.True(budget.Fits(400 * Mb));
    }

    [Fact]
    public void Measuring_more_than_estimated_scales_every_estimate_and_only_upward()
    {
        var budget = new MemoryBudget(1000 * Mb, slots: 8);
        budget.Reserve("a", 200 * Mb);

        budget.Measured(300 * Mb);
        budget.Measured(250 * Mb);

        Assert.Equal(1.5, budget.Correction);
        Assert.Equal(300 * Mb, budget.Reserved);
        Assert.True(budget.Fits(466 * Mb));
        Assert.False(budget.Fits(467 * Mb));
    }

    [Fact]
    public void Running_out_of_memory_caps_the_trials_at_once_below_the_number_that_ran_out()
    {
        var budget = new MemoryBudget(1000 * Mb, slots: 8);
        budget.Reserve("a", 10 * Mb);
        budget.Reserve("b", 10 * Mb);
        budget.Reserve("c", 10 * Mb);

        budget.RanOut();
        budget.Release("c");

        Assert.Equal(2, budget.Cap);
        Assert.False(budget.Fits(10 * Mb));
        budget.Release("b");
        Assert.True(budget.Fits(10 * Mb));
    }

    [Fact]
    public void An_estimate_grows_with_batch_size_parameters_optimizer_state_and_images()
    {
        var model = new ModelSpec { Blocks = [new ConvBlockSpec { Filters = 16, Pool = new PoolSpec() }], Head = new HeadSpec { Dense = [new DenseSpec { Units = 64 }] } };
        var summary = ModelSummarizer.Summarize(model, new FeatureShape(1, 28, 28), 10);
        var adam = new TrainingSpec { BatchSize = 32 };

        var baseline = MemoryEstimate.Bytes(summary, adam, images: 10_000);

        // 10,000 images of 784 floats and their labels, and Adam's four copies of each parameter at least.
        Assert.True(baseline > 10_000L * (784 * 4 + 8) + summary.Total * 4 * 4, $"{baseline} bytes");
        Assert.True(MemoryEstimate.Bytes(summary, adam with { BatchSize = 2048 }, 10_000) > baseline);
        Assert.True(MemoryEstimate.Bytes(summary, adam with { Optimizer = new OptimizerSpec { Kind = OptimizerKind.Sgd } }, 10_000) < baseline);
        Assert.Equal(baseline + 1000L * (784 * 4 + 8), MemoryEstimate.Bytes(summary, adam, 11_000));
    }
}
