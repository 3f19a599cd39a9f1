using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed class ResultGroupsSpecs
{
    private static TrialResult Trial(int position, string label, double? testAccuracy, params (string Path, string Json)[] overrides) =>
        new($"t{position}", position, label, "completed", overrides.ToDictionary(o => o.Path, o => o.Json),
            null, null, testAccuracy, null, null, null, 2, 1, null);

    [Fact]
    public void An_ablation_with_repeats_gives_one_table_per_factor_with_the_base_first_and_a_variants_table()
    {
        TrialResult[] trials =
        [
            Trial(0, "base", 0.80), Trial(1, "base", 0.84),
            Trial(2, "model.blocks[0].filters=8", 0.86, ("model.blocks[0].filters", "8")), Trial(3, "model.blocks[0].filters=8", 0.90, ("model.blocks[0].filters", "8")),
            Trial(4, "training.optimizer.kind=sgd", 0.70, ("training.optimizer.kind", "\"sgd\"")), Trial(5, "training.optimizer.kind=sgd", null, ("training.optimizer.kind", "\"sgd\"")),
            Trial(6, "wide", 0.85, ("model.blocks[0].filters", "8"), ("training.epochs", "3")), Trial(7, "wide", 0.87, ("model.blocks[0].filters", "8"), ("training.epochs", "3")),
        ];

        var tables = ResultGroups.Of(trials, "test_accuracy", baseSpec: null);

        Assert.Equal(["model.blocks[0].filters", "training.optimizer.kind", "variants"], tables.Select(t => t.Factor));
        var filters = tables[0];
        Assert.Equal("one-factor", filters.Kind);
        Assert.Equal(["base", "8"], filters.Rows.Select(r => r.Value));
        Assert.Equal(0.82, filters.Rows[0].Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(0.0008), filters.Rows[0].Std!.Value, 12);
        Assert.Equal(0.88 - 0.82, filters.Rows[1].DiffToBase!.Value, 12);
        Assert.Equal(["t2", "t3"], filters.Rows[1].TrialIds);
        // A repeat without the metric (failed) is left out of the mean, and one value has no spread.
        var sgd = tables[1].Rows[1];
        Assert.Equal(("sgd", 1, 0.70, (double?)null), (sgd.Value, sgd.Count, sgd.Mean!.Value, sgd.Std));
        var variants = tables[2];
        Assert.Equal(["base", "wide"], variants.Rows.Select(r => r.Value));
        Assert.Equal("model.blocks[0].filters=8, training.epochs=3", variants.Rows[1].Change);
    }

    [Fact]
    public void A_grid_without_a_base_gives_marginal_tables_over_every_trial_with_the_value()
    {
        TrialResult[] trials =
        [
            Trial(0, "lr=0.1, f=8", 0.5, ("lr", "0.1"), ("f", "8")), Trial(1, "lr=0.1, f=16", 0.7, ("lr", "0.1"), ("f", "16")),
            Trial(2, "lr=0.01, f=8", 0.6, ("lr", "0.01"), ("f", "8")), Trial(3, "lr=0.01, f=16", 0.9, ("lr", "0.01"), ("f", "16")),
        ];

        var tables = ResultGroups.Of(trials, "test_accuracy", baseSpec: null);

        Assert.Equal(["lr", "f"], tables.Select(t => t.Factor));
        Assert.All(tables, t => Assert.Equal("marginal", t.Kind));
        Assert.Equal([0.6, 0.75], tables[0].Rows.Select(r => Math.Round(r.Mean!.Value, 12)));
        Assert.Equal([0.55, 0.8], tables[1].Rows.Select(r => Math.Round(r.Mean!.Value, 12)));
        Assert.All(tables.SelectMany(t => t.Rows), r => Assert.Null(r.DiffToBase));
    }

    [Fact]
    public void A_continuous_random_search_has_too_many_values_for_a_marginal_table()
    {
        var trials = Enumerable.Range(0, ResultGroups.MaxMarginalValues + 1)
            .Select(i => Trial(i, $"lr={i}", 0.5, ("lr", $"0.{i + 1}"))).ToList();

        Assert.Empty(ResultGroups.Of(trials, "test_accuracy", baseSpec: null));
        Assert.Empty(ResultGroups.Of([Trial(0, "base", 0.5)], "test_accuracy", baseSpec: null));
    }
}
