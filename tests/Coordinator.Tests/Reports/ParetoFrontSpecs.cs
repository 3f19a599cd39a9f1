using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed class ParetoFrontSpecs
{
    [Fact]
    public void The_front_keeps_each_point_more_accurate_than_every_smaller_one()
    {
        SizePoint[] points =
        [
            new("big-worse", 5000, 0.80), new("small", 1000, 0.70), new("mid", 2000, 0.85), new("mid-tie-worse", 2000, 0.60),
            new("huge", 9000, 0.90), new("tiny-bad", 500, 0.40), new("same-as-mid", 3000, 0.85),
        ];

        Assert.Equal(["tiny-bad", "small", "mid", "huge"], ParetoFront.Of(points).Select(p => p.TrialId));
        Assert.Empty(ParetoFront.Of([]));
    }
}
