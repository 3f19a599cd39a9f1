using SweepCluster.Coordinator.Api;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class SweepTimelineSpecs
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<TimelineEntry> Timeline(params ISweepEvent[] events) =>
        [.. events.Select((e, i) => SweepTimeline.Of(i + 1, e)).OfType<TimelineEntry>()];

    [Fact]
    public void Decisions_keep_their_reasons_and_epochs_are_left_to_the_curves()
    {
        var timeline = Timeline(
            new TrialDispatched("s", "t1", 1, "n1", At),
            new EpochRecorded("s", "t1", 1, new EpochMetrics(1, 1, 0.5, 1, 0.5, 1e-3, 1, 100)),
            new TrialStopped("s", "t1", 1, 1, "asha", 0, "not in the top 3 at rung 0", At),
            new SweepCompleted("s", At, "ended early"));

        Assert.Equal([(1L, "trial-dispatched"), (3, "trial-stopped"), (4, "sweep-completed")], timeline.Select(e => (e.Id, e.Type)));
        var stop = timeline[1];
        Assert.Equal(("t1", 1, "not in the top 3 at rung 0"), (stop.TrialId, stop.Epoch, stop.Reason));
        Assert.Equal(("asha", 0), ((string?)stop.Detail!["scheduler"], (int?)stop.Detail["rung"]));
        Assert.Equal("ended early", timeline[2].Reason);
    }

    [Fact]
    public void A_trials_attempts_say_where_each_ran_in_which_group_and_how_it_ended()
    {
        var timeline = Timeline(
            new TrialDispatched("s", "t1", 1, "n1", At, new FusedGroup("t0#1", 2)),
            new TrialDispatched("s", "t2", 1, "n1", At),
            new TrialRequeued("s", "t1", 1, "node n1 lost", true, At.AddMinutes(1)),
            new TrialDispatched("s", "t1", 2, "n2", At.AddMinutes(2)),
            new TrialFinished("s", "t1", 2, new TrialOutcome(TrialStatus.Completed, 3, null, null, null), At.AddMinutes(3)),
            new TrialDispatched("s", "t3", 1, "n2", At));

        Assert.Equal(
            [new AttemptDocument(1, "n1", "t0#1", At, "requeued", At.AddMinutes(1), "node n1 lost"), new AttemptDocument(2, "n2", null, At.AddMinutes(2), "finished", At.AddMinutes(3), null)],
            SweepTimeline.Attempts(timeline, "t1"));
        Assert.Equal([new AttemptDocument(1, "n2", null, At, null, null, null)], SweepTimeline.Attempts(timeline, "t3"));
    }
}
