using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;

namespace SweepCluster.Coordinator.Tests.Analysis;

public sealed class ParameterImportanceSpecs
{
    private static ImportanceTrial Trial(double? value, params (string Name, JsonNode? Value)[] parameters) =>
        new(parameters.ToDictionary(p => p.Name, p => p.Value), value);

    /// <summary><paramref name="count"/> seeded draws of x and y, uniform on [0, 1].</summary>
    private static List<(double X, double Y, double Noise)> Draws(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble(), random.NextDouble(), random.NextDouble() * 1e-6))];
    }

    [Fact]
    public void The_parameter_the_objective_depends_on_ranks_first_with_most_of_the_importance()
    {
        var trials = Draws(200, seed: 1).Select(d => Trial(-((d.X - 0.3) * (d.X - 0.3)) + d.Noise, ("x", d.X), ("y", d.Y))).ToList();

        var importances = ParameterImportance.Of(trials, higherIsBetter: true, ParameterScales.Unknown);

        Assert.Null(importances.Reason);
        Assert.Equal((200, 20), (importances.Trials, importances.TopTrials));
        Assert.Equal(["x", "y"], importances.Ranked.Select(r => r.Parameter));
        Assert.True(importances.Ranked[0].Normalised > 0.9, $"x has {importances.Ranked[0].Normalised:P1}");
        Assert.Equal(1.0, importances.Ranked.Sum(r => r.Normalised), 12);
        Assert.All(importances.Ranked, r => Assert.Equal(ParameterScale.Linear, r.Scale));
    }

    [Fact]
    public void A_log_sampled_learning_rate_that_matters_outranks_a_choice_that_does_not()
    {
        var scales = ParameterScales.FromSearch(JsonNode.Parse("""
            {"strategy": "random", "parameters": {
              "training.optimizer.learning_rate": {"loguniform": [1.0e-5, 1.0e-1]},
              "training.optimizer.kind": {"choice": ["adam", "sgd"]}}}
            """)!.AsObject());
        var trials = Draws(150, seed: 2).Select(d =>
        {
            var exponent = -5 + (4 * d.X);
            return Trial(-((exponent + 3) * (exponent + 3)) + d.Noise,
                ("training.optimizer.learning_rate", Math.Pow(10, exponent)), ("training.optimizer.kind", d.Y < 0.5 ? "adam" : "sgd"));
        }).ToList();

        var importances = ParameterImportance.Of(trials, higherIsBetter: true, scales);

        Assert.Equal(["training.optimizer.learning_rate", "training.optimizer.kind"], importances.Ranked.Select(r => r.Parameter));
        Assert.Equal([ParameterScale.Log, ParameterScale.Categorical], importances.Ranked.Select(r => r.Scale));
        Assert.True(importances.Ranked[0].Normalised > 0.8, $"the learning rate has {importances.Ranked[0].Normalised:P1}");
    }

    [Fact]
    public void A_choice_that_decides_the_result_outranks_a_number_that_does_not()
    {
        string[] kinds = ["adam", "sgd", "rmsprop"];
        var trials = Draws(120, seed: 3).Select(d =>
        {
            var kind = kinds[(int)(d.X * 3)];
            return Trial((kind == "sgd" ? 1.0 : 0.0) + d.Noise, ("kind", kind), ("dropout", d.Y));
        }).ToList();

        var importances = ParameterImportance.Of(trials, higherIsBetter: true, ParameterScales.Unknown);

        Assert.Equal(["kind", "dropout"], importances.Ranked.Select(r => r.Parameter));
        Assert.Equal(ParameterScale.Categorical, importances.Ranked[0].Scale);
        Assert.True(importances.Ranked[0].Normalised > 0.8, $"kind has {importances.Ranked[0].Normalised:P1}");
    }

    [Fact]
    public void A_lower_is_better_metric_takes_its_lowest_values_as_the_top()
    {
        // The lowest losses come from x near 0.7; the highest from y above 0.9 (a penalty).
        var trials = Draws(200, seed: 4).Select(d => Trial(((d.X - 0.7) * (d.X - 0.7)) + (d.Y > 0.9 ? 10 : 0) + d.Noise, ("x", d.X), ("y", d.Y))).ToList();

        var lowest = ParameterImportance.Of(trials, higherIsBetter: false, ParameterScales.Unknown);
        var highest = ParameterImportance.Of(trials, higherIsBetter: true, ParameterScales.Unknown);

        Assert.Equal("x", lowest.Ranked[0].Parameter);
        Assert.Equal("y", highest.Ranked[0].Parameter);
    }

    [Fact]
    public void Too_few_trials_with_the_metric_give_no_ranking_but_the_reason()
    {
        var draws = Draws(ParameterImportance.MinTrials, seed: 5);
        var trials = draws.Select((d, i) => Trial(i == 0 ? null : d.X, ("x", d.X), ("y", d.Y))).ToList();

        var importances = ParameterImportance.Of(trials, higherIsBetter: true, ParameterScales.Unknown);

        Assert.Empty(importances.Ranked);
        Assert.Equal($"needs at least {ParameterImportance.MinTrials} trials with the metric; {ParameterImportance.MinTrials - 1} have it", importances.Reason);
        Assert.NotEmpty(ParameterImportance.Of([.. trials, Trial(0.5, ("x", 0.5), ("y", 0.5))], higherIsBetter: true, ParameterScales.Unknown).Ranked);
    }
}
