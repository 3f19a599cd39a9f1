using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

/// <summary>A search that asks for too many trials is refused from its counts, before a single trial is built.</summary>
public sealed class TrialCountSpecs
{
    [Fact]
    public void A_grid_over_the_default_limit_is_refused_with_its_count_at_the_search_section()
    {
        // Five axes of eleven values: 161,051 trials in under 300 bytes.
        var text = Sweeps.Base + "\nsearch:\n  strategy: grid\n  parameters:\n" + string.Concat(Enumerable.Range(0, 5).Select(a =>
            $"    training.p{a}: [{string.Join(", ", Enumerable.Range(1, 11))}]\n"));

        var error = Assert.Single(Sweeps.Errors(text));

        Assert.Equal(("bad.yaml", 18, "search"), (error.File, error.Line, error.Path));
        Assert.Equal("plans 161,051 trials; at most 100,000 are allowed (setting SweepFiles:MaxTrials)", error.Message);
    }

    [Theory]
    [InlineData("strategy: random\n  samples: 101", 101)]
    [InlineData("strategy: random\n  samples: 51\n  repeats: 2", 102)]
    [InlineData("strategy: ablation\n  factors: {training.epochs: [1, 2, 3]}\n  variants: [{name: v, set: {training.batch_size: 8}}]", 5)]
    [InlineData("strategy: variants\n  variants: [{name: v, set: {training.batch_size: 8}}, {name: w, set: {training.batch_size: 16}}]", 3)]
    [InlineData("strategy: stages\n  stages:\n    - {strategy: random, samples: 60}\n    - {strategy: grid, parameters: {training.epochs: [1, 2, 3]}}", 63)]
    public void Every_strategy_is_counted_before_it_expands(string search, int count)
    {
        var text = Sweeps.Base + "\nsearch:\n  " + search + "\n";

        var refused = Assert.Single(Assert.Throws<SweepFileException>(() => SweepExpander.Expand("c.yaml", text, new SweepLimits(count - 1))).Errors);

        Assert.StartsWith($"plans {count} trials; at most {count - 1} are allowed", refused.Message);
    }

    [Fact]
    public void A_search_at_the_limit_expands()
    {
        var plan = SweepExpander.Expand("c.yaml", Sweeps.Base + "\nsearch:\n  strategy: grid\n  parameters:\n    training.epochs: [1, 2, 3]\n", new SweepLimits(3));

        Assert.Equal(3, plan.Trials.Count);
    }
}
