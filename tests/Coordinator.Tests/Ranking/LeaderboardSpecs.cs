using SweepCluster.Coordinator.Ranking;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Ranking;

public sealed class LeaderboardSpecs
{
    private static TrialResult Trial(string id, double? testAccuracy, double? testLoss) =>
        new(id, 0, id, "completed", new Dictionary<string, string>(), null, null, testAccuracy, testLoss, null, null, 1, 1, null);

    private static readonly TrialResult[] Trials = [Trial("a", 0.8, 0.5), Trial("b", 0.9, 0.3), Trial("c", null, null), Trial("d", 0.7, 0.6)];

    [Fact]
    public void Accuracies_rank_high_to_low_and_trials_without_the_metric_come_last()
    {
        Assert.Equal(["b", "a", "d", "c"], Leaderboard.Rows(Trials, "test_accuracy").Select(r => r.TrialId));
    }

    [Fact]
    public void Losses_rank_low_to_high()
    {
        Assert.Equal(["b", "a", "d", "c"], Leaderboard.Rows(Trials, "test_loss").Select(r => r.TrialId));
    }

    [Fact]
    public void A_stopped_trial_without_the_test_metric_follows_those_with_it_ranked_by_its_last_validation_metric()
    {
        static TrialResult Stopped(string id, double? valAccuracy, double? valLoss) =>
            new(id, 0, id, "stopped", new Dictionary<string, string>(), valAccuracy, valLoss, null, null, null, null, 1, 1, null);
        TrialResult[] trials = [.. Trials, Stopped("s1", 0.6, 0.9), Stopped("s2", 0.95, 0.2)];

        var byAccuracy = Leaderboard.Rows(trials, "test_accuracy");
        var byLoss = Leaderboard.Rows(trials, "test_loss");

        Assert.Equal(["b", "a", "d", "s2", "s1", "c"], byAccuracy.Select(r => r.TrialId));
        Assert.Equal([null, null, null, "val_accuracy", "val_accuracy", null], byAccuracy.Select(r => r.RankedBy));
        Assert.Equal(["b", "a", "d", "s2", "s1", "c"], byLoss.Select(r => r.TrialId));
        Assert.Equal("val_loss", byLoss[3].RankedBy);
        // The rule printed with such a table says what its marked ranks are by; a table without them says the rule alone.
        Assert.Equal(Leaderboard.Rule("test_accuracy") + " A rank marked * is by val_accuracy.", Leaderboard.Rule("test_accuracy", byAccuracy));
        Assert.Equal(Leaderboard.Rule("test_accuracy"), Leaderboard.Rule("test_accuracy", Leaderboard.Rows(Trials, "test_accuracy")));
    }

    [Fact]
    public void A_stopped_trial_ranks_among_the_others_by_a_metric_it_carries()
    {
        TrialResult[] trials =
        [
            new("done", 0, "done", "completed", new Dictionary<string, string>(), 0.80, 0.5, 0.79, 0.5, null, null, 9, 1, null),
            new("stopped", 1, "stopped", "stopped", new Dictionary<string, string>(), 0.85, 0.4, null, null, null, null, 3, 1, null),
        ];

        var rows = Leaderboard.Rows(trials, "val_accuracy");

        Assert.Equal([("stopped", "stopped", (string?)null), ("done", "completed", null)], rows.Select(r => (r.TrialId, r.State, r.RankedBy)));
    }

    [Fact]
    public void The_rule_says_what_ranks_trials_without_the_metric()
    {
        Assert.Equal(
            "Ranked by test_loss, lowest first (a trial the scheduler stopped has none); trials without it follow, ranked by their val_loss (marked), then trials with neither. "
            + "Stopped, early-stopped and diverged trials are ranked like the others and marked by their state.",
            Leaderboard.Rule("test_loss"));
        Assert.Contains("val_accuracy, highest first (a trial the scheduler stopped counts with its last epoch's value); trials without it come last", Leaderboard.Rule("val_accuracy"));
    }

    [Fact]
    public void An_unknown_metric_is_refused_with_the_valid_ones()
    {
        var error = Assert.Throws<UnknownMetricException>(() => Leaderboard.Rows(Trials, "f1"));

        Assert.Contains("one of val_accuracy, val_loss, test_accuracy", error.Message);
    }
}
