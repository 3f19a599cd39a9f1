using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;
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
    public void A_continuous_random_search_is_grouped_into_bins_and_a_choice_with_many_values_is_left_out()
    {
        var trials = Enumerable.Range(0, ResultGroups.MaxMarginalValues + 1)
            .Select(i => Trial(i, $"sample {i}", i / 100.0, ("lr", $"0.{i + 10}"), ("act", $"\"a{i}\""))).ToList();

        var table = Assert.Single(ResultGroups.Of(trials, "test_accuracy", baseSpec: null));

        Assert.Equal("lr", table.Factor);
        Assert.Equal(["[0.1, 0.125)", "[0.125, 0.155)", "[0.155, 0.175)", "[0.175, 0.205)", "[0.205, 0.22]"], table.Rows.Select(r => r.Value));
        Assert.Equal([3, 3, 2, 3, 2], table.Rows.Select(r => r.Count));
        Assert.Equal(0.01, table.Rows[0].Mean!.Value, 12);
        Assert.StartsWith("5 quantile bins", table.Binning);
        Assert.Empty(ResultGroups.Of([Trial(0, "base", 0.5)], "test_accuracy", baseSpec: null));
    }

    [Fact]
    public void A_log_sampled_factor_has_its_bin_edges_in_log_space()
    {
        var scales = ParameterScales.FromSearch(JsonNode.Parse("""{"parameters": {"lr": {"loguniform": [1.0e-5, 1.0]}}}""")!.AsObject());
        var trials = Enumerable.Range(0, 10).Select(i => Trial(i, $"sample {i}", 0.5, ("lr", $"1e-{i}"))).ToList();

        var table = Assert.Single(ResultGroups.Of(trials, "test_accuracy", baseSpec: null, scales));

        Assert.Equal(["[1e-09, 3.16e-08)", "[3.16e-08, 3.16e-06)", "[3.16e-06, 0.000316)", "[0.000316, 0.0316)", "[0.0316, 1]"], table.Rows.Select(r => r.Value));
        Assert.Contains("in log space", table.Binning);
    }

    [Fact]
    public void Rows_count_stopped_trials_and_the_table_says_whether_their_values_are_in_the_mean()
    {
        TrialResult[] trials =
        [
            Trial(0, "f=8", 0.8, ("f", "8")) with { ValAccuracy = 0.8 },
            Trial(1, "f=8 again", null, ("f", "8")) with { State = "stopped", ValAccuracy = 0.4 },
            Trial(2, "f=16", 0.9, ("f", "16")) with { ValAccuracy = 0.9 },
        ];

        var byTest = ResultGroups.Of(trials, "test_accuracy", baseSpec: null)[0];
        var byVal = ResultGroups.Of(trials, "val_accuracy", baseSpec: null)[0];

        Assert.Equal((1, 1, 0.8), (byTest.Rows[0].Stopped, byTest.Rows[0].Count, byTest.Rows[0].Mean!.Value));
        Assert.Contains("have none and are left out", byTest.Means);
        Assert.Equal((1, 2, 0.6), (byVal.Rows[0].Stopped, byVal.Rows[0].Count, Math.Round(byVal.Rows[0].Mean!.Value, 12)));
        Assert.Contains("counts with its last epoch's value", byVal.Means);
        Assert.Equal(0, byVal.Rows[1].Stopped);
    }
}
