using SweepCluster.Coordinator.Api;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class SweepEventDocumentsSpecs
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_event_is_sent_as_its_kind_in_kebab_case_with_its_fields_in_snake_case()
    {
        var epoch = SweepEventDocuments.Of(7, new EpochRecorded("s-0000000a", "t1", 2, new EpochMetrics(3, 0.5, 0.8, 0.6, 0.75, 0.001, 1.5, 900)));
        var dispatched = SweepEventDocuments.Of(2, new TrialDispatched("s-0000000a", "t1", 1, "n1", At));

        Assert.Equal((7L, "epoch-recorded"), (epoch.Id, epoch.Type));
        Assert.Equal(0.75, (double)epoch.Data["metrics"]!["val_accuracy"]!);
        Assert.Equal("trial-dispatched", dispatched.Type);
        Assert.Equal("n1", (string?)dispatched.Data["node"]);
        Assert.Equal(At, (DateTimeOffset)dispatched.Data["at"]!);
    }

    [Fact]
    public void A_submission_is_sent_without_its_file_text_and_planned_trials()
    {
        var submitted = SweepEventDocuments.Of(1, new SweepSubmitted("s-0000000a", "s", "s.yaml", "name: s\n# the whole file", [], At, Planned: 40));

        Assert.Equal("sweep-submitted", submitted.Type);
        Assert.Equal(40, (int)submitted.Data["trials"]!);
        Assert.DoesNotContain("the whole file", submitted.Data.ToJsonString());
    }

    [Fact]
    public void Only_completion_and_cancellation_end_a_stream()
    {
        Assert.True(SweepEventDocuments.Ends(new SweepCompleted("s", At)));
        Assert.True(SweepEventDocuments.Ends(new SweepCancelled("s", At)));
        Assert.False(SweepEventDocuments.Ends(new SamplingEnded("s", "budget", At)));
    }
}
