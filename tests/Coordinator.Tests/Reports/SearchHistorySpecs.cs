using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed class SearchHistorySpecs
{
    [Fact]
    public void The_best_so_far_follows_the_plan_order_and_skips_trials_without_the_metric()
    {
        var values = new Dictionary<string, double?> { ["a"] = 0.5, ["b"] = null, ["c"] = 0.4, ["d"] = 0.8, ["e"] = double.NaN };
        var trials = values.Keys.Select((id, i) => ReportSamples.Trial(id, TrialLifecycle.Completed, position: 4 - i)).ToList();

        var history = SearchHistory.Of(trials, t => values[t.TrialId], higherIsBetter: true);

        Assert.Equal(["d", "c", "a"], history.Select(p => p.Trial.TrialId));
        Assert.Equal([1, 2, 3], history.Select(p => p.Order));
        Assert.Equal([0.8, 0.8, 0.8], history.Select(p => p.Best));
        Assert.Equal([0.4, 0.4], SearchHistory.Of(trials.Where(t => t.TrialId is "c" or "a"), t => values[t.TrialId], higherIsBetter: false).Select(p => p.Best));
    }
}
