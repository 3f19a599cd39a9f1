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
    public void An_unknown_metric_is_refused_with_the_valid_ones()
    {
        var error = Assert.Throws<UnknownMetricException>(() => Leaderboard.Rows(Trials, "f1"));

        Assert.Contains("one of val_accuracy, val_loss, test_accuracy", error.Message);
    }
}
