using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Analysis;

public sealed class BestSoFarSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static TrialRecord Trial(int position, TrialLifecycle state, double? trainLoss, int? finishedMinute) =>
        new("s", $"t{position}", position, $"sample {position}", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 0),
            0, 0, state, 1, 0, null, 1, trainLoss is { } loss ? new EpochMetrics(1, loss, 0.5, 0.5, 0.5, 0.001, 1, 100) : null, null, null,
            finishedMinute is { } m ? Start.AddMinutes(m) : null);

    [Fact]
    public void The_running_best_follows_finish_order_and_skips_trials_without_the_metric_or_an_end()
    {
        TrialRecord[] trials =
        [
            Trial(0, TrialLifecycle.Completed, 0.9, finishedMinute: 3),
            Trial(1, TrialLifecycle.Completed, 0.7, finishedMinute: 1),
            Trial(2, TrialLifecycle.Stopped, 0.5, finishedMinute: 2),
            Trial(3, TrialLifecycle.Failed, null, finishedMinute: 4),
            Trial(4, TrialLifecycle.Running, 0.1, finishedMinute: null),
            Trial(5, TrialLifecycle.Completed, 0.6, finishedMinute: 5),
        ];

        var points = BestSoFar.Of(trials, "train_loss");

        Assert.Equal(
            [(1, "t1", 0.7, 0.7, true), (2, "t2", 0.5, 0.5, true), (3, "t0", 0.9, 0.5, false), (4, "t5", 0.6, 0.5, false)],
            points.Select(p => (p.Order, p.TrialId, p.Value, p.Best, p.Improved)));
        Assert.Equal(Start.AddMinutes(2), points[1].At);
    }

    [Fact]
    public void A_metric_where_higher_is_better_keeps_the_highest()
    {
        TrialRecord[] trials = [Trial(0, TrialLifecycle.Completed, 0.2, 1), Trial(1, TrialLifecycle.Completed, 0.4, 2)];

        var points = BestSoFar.Of(trials.Select(t => t with { Latest = t.Latest! with { TrainAccuracy = t.Latest.TrainLoss } }), "train_accuracy");

        Assert.Equal([0.2, 0.4], points.Select(p => p.Best));
    }
}
