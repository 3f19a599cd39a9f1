using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed class GroupCurveSpecs
{
    [Fact]
    public void A_stopped_trial_keeps_counting_at_its_last_value_so_the_curve_does_not_rise_because_it_stopped()
    {
        // The weak trial stopped after epoch 1: a mean over the trials that reached epoch 2 would jump to 0.525.
        IReadOnlyList<double>[] trials = [[0.5, 0.6, 0.7], [0.2], [0.4, 0.45]];

        var curve = GroupCurve.Of(trials);

        Assert.Equal([1, 2, 3], curve.Select(e => e.Epoch));
        Assert.Equal([0.4, 0.45, 0.45], curve.Select(e => e.Median));
        Assert.Equal([3, 2, 1], curve.Select(e => e.Reached));
    }

    [Fact]
    public void Trials_without_epochs_are_left_out()
    {
        Assert.Empty(GroupCurve.Of([[], []]));
        Assert.Equal([0.5], GroupCurve.Of([[], [0.5]]).Select(e => e.Median));
    }
}
