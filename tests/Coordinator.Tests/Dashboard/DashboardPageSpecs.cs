using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Coordinator.Tests.Dashboard;

/// <summary>Every page of the dashboard in headless Chromium, over a finished real sweep: charts drawn, no errors, the trials table.</summary>
public sealed class DashboardPageSpecs(FinishedSweepSite site) : IClassFixture<FinishedSweepSite>
{
    private IEnumerable<JsonElement> Rows => site.Trials.GetProperty("rows").EnumerateArray();

    private string Url(string route) => DashboardServer.Page(site.Root, route);

    [Fact]
    public async Task Every_page_draws_its_charts_with_the_expected_series_and_reports_no_errors()
    {
        var trialsWithEpochs = site.Curves.GetProperty("trials").EnumerateArray().Count(t => t.GetProperty("history").GetArrayLength() > 0);
        var parameters = site.Trials.GetProperty("parameters").GetArrayLength();
        var best = Rows.First().GetProperty("trial_id").GetString();
        var pages = new (string Route, string Ready, Dictionary<string, int> Series)[]
        {
            ("#/", "sweeps", []),
            ($"#/sweeps/{site.SweepId}", "sweep", new() { ["curves"] = trialsWithEpochs }),
            ($"#/sweeps/{site.SweepId}/analysis", "analysis", new() { ["best-so-far"] = 2, ["parallel"] = 1, ["importance"] = 1 }),
            ($"#/trials/{best}", "trial", new() { ["trial-curves"] = 4, ["confusion"] = 1 }),
            ("#/nodes", "nodes", []),
        };

        foreach (var (route, ready, series) in pages)
        {
            var page = await PageProbes.OpenAsync(site.Browser, Url(route), ready);
            var charts = await PageProbes.ChartsAsync(page);

            foreach (var (name, count) in series)
                Assert.Contains((name, count), charts.Select(c => (c.Name, c.Series)));
            if (ready == "analysis")
                Assert.Equal(parameters, charts.Count(c => c.Name.StartsWith("slice:", StringComparison.Ordinal) && c.Series == 1));
            Assert.All(charts, c => Assert.True(c.Differ > 100, $"{route}: chart {c.Name} is blank"));
            PageProbes.AssertNoErrors(page);
        }
    }

    [Fact]
    public void The_analysis_reads_scales_from_the_search_space_follows_the_best_in_finish_order_and_ranks_both_parameters_by_importance()
    {
        var analysis = site.Analysis;
        var scales = analysis.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("path").GetString()!, p => p.GetProperty("scale").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["training.optimizer.learning_rate"] = "log", ["model.blocks[0].filters"] = "categorical" }, scales);

        // Every trial ended with a validation accuracy (a stopped one with its last epoch's): ten points, the best never worse.
        var points = analysis.GetProperty("best_so_far").EnumerateArray().ToList();
        Assert.Equal(10, points.Count);
        Assert.Equal(Rows.Select(r => r.GetProperty("val_accuracy").GetDouble()).Max(), points[^1].GetProperty("best").GetDouble());
        var best = points.Select(p => p.GetProperty("best").GetDouble()).ToList();
        Assert.Equal(best.Order(), best);
        Assert.All(points, p => Assert.True(p.GetProperty("value").GetDouble() <= p.GetProperty("best").GetDouble()));

        var importance = analysis.GetProperty("importance");
        Assert.StartsWith("PED-ANOVA", importance.GetProperty("method").GetString());
        var shares = importance.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("importance").GetDouble()).ToList();
        Assert.Equal(2, shares.Count);
        Assert.Equal(1, shares.Sum(), 6);
        Assert.Equal(shares.OrderDescending(), shares);
    }

    [Fact]
    public async Task Clicking_a_header_sorts_the_trials_by_it_and_again_the_other_way()
    {
        var page = await PageProbes.OpenAsync(site.Browser, Url($"#/sweeps/{site.SweepId}"), "sweep");

        await PageProbes.ClickHeaderAsync(page, "val_accuracy");
        var ascending = Numbers(await PageProbes.ColumnAsync(page, "val_accuracy"));
        await PageProbes.ClickHeaderAsync(page, "val_accuracy");
        var descending = Numbers(await PageProbes.ColumnAsync(page, "val_accuracy"));

        Assert.Equal(Rows.Count(), ascending.Count);
        Assert.Equal(ascending.Order(), ascending);
        Assert.Equal(ascending.OrderDescending(), descending);
        PageProbes.AssertNoErrors(page);
    }

    [Fact]
    public async Task Filters_keep_the_rows_whose_text_contains_the_words_or_whose_number_is_in_the_range()
    {
        var page = await PageProbes.OpenAsync(site.Browser, Url($"#/sweeps/{site.SweepId}"), "sweep");
        var accuracies = Rows.Select(r => r.GetProperty("val_accuracy").GetDouble()).Order().ToList();
        var median = accuracies[accuracies.Count / 2];

        await PageProbes.FilterAsync(page, "state", "STOP");
        var states = await PageProbes.ColumnAsync(page, "state");
        await PageProbes.FilterAsync(page, "state", "");
        await PageProbes.FilterAsync(page, "val_accuracy", $">={median.ToString("R", CultureInfo.InvariantCulture)}");
        var high = await PageProbes.ColumnAsync(page, "trial_id");
        await PageProbes.FilterAsync(page, "val_accuracy", $"0..{median.ToString("R", CultureInfo.InvariantCulture)}");
        var low = await PageProbes.ColumnAsync(page, "trial_id");

        Assert.Equal(Rows.Count(r => r.GetProperty("state").GetString() == "stopped"), states.Count);
        Assert.All(states, s => Assert.Equal("stopped", s));
        Assert.Equal(Ids(r => r >= median), high.Order());
        Assert.Equal(Ids(r => r <= median), low.Order());
        PageProbes.AssertNoErrors(page);
    }

    private IEnumerable<string> Ids(Func<double, bool> keep) =>
        Rows.Where(r => keep(r.GetProperty("val_accuracy").GetDouble())).Select(r => r.GetProperty("trial_id").GetString()!).Order();

    private static List<double> Numbers(IEnumerable<string> cells) => [.. cells.Select(c => double.Parse(c, CultureInfo.InvariantCulture))];
}
