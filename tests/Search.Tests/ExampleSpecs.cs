using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;
using SweepCluster.TestSupport;

namespace SweepCluster.Search.Tests;

/// <summary>The example sweep files in examples/ expand, with the counts the studies report.</summary>
public sealed class ExampleSpecs
{
    private static string Example(string name) => RepositoryPaths.Example(name);

    public static TheoryData<string> Examples() => new(Directory.GetFiles(RepositoryPaths.Examples(), "*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_expands_to_distinct_trials(string name)
    {
        var plan = SweepExpander.ExpandFile(Example(name));

        Assert.NotEmpty(plan.Trials);
        Assert.Equal(plan.Trials.Count, plan.Trials.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void Study_a_baseline_has_421834_trainable_and_192_non_trainable_parameters()
    {
        var baseline = SweepExpander.ExpandFile(Example("study-a.yaml")).Trials[0];

        Assert.Empty(baseline.Overrides);
        Assert.Equal((421_834L, 192L), (baseline.Summary.Trainable, baseline.Summary.NonTrainable));
        Assert.Equal(10, baseline.Spec.Dataset.Folds);
    }

    [Fact]
    public void Study_b_is_the_base_and_its_21_variations()
    {
        var plan = SweepExpander.ExpandFile(Example("study-b.yaml"));

        Assert.Equal(22, plan.Trials.Count);
        Assert.Equal(SearchStrategy.Ablation, plan.Strategy);
    }

    [Fact]
    public void Study_d_variants_are_cumulative()
    {
        var plan = SweepExpander.ExpandFile(Example("study-d.yaml"));

        Assert.Equal(Conventions.PyTorch, plan.Trials[0].Spec.Training.Conventions);
        Assert.True(plan.Trials.Zip(plan.Trials.Skip(1)).All(p => p.Second.Overrides.Count > p.First.Overrides.Count));
    }
}
