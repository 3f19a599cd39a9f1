using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Tests.Training;

public sealed class LearningRateScheduleSpecs
{
    private static double Rate(ScheduleSpec schedule, int epoch, params double[] losses) =>
        LearningRateSchedule.For(schedule, 1e-3, epoch, 10, losses);

    [Fact]
    public void Step_halves_every_five_epochs()
    {
        var step = new ScheduleSpec { Kind = ScheduleKind.Step, Every = 5, Factor = 0.5 };

        Assert.Equal([1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4], new[] { 1, 5, 6, 10, 11 }.Select(e => Rate(step, e)));
    }

    [Fact]
    public void Exponential_multiplies_by_gamma_each_epoch()
    {
        Assert.Equal(1e-3 * 0.9 * 0.9, Rate(new ScheduleSpec { Kind = ScheduleKind.Exponential, Gamma = 0.9 }, 3), 12);
    }

    [Fact]
    public void Cosine_goes_from_the_initial_rate_to_the_floor()
    {
        var cosine = new ScheduleSpec { Kind = ScheduleKind.Cosine, MinLearningRate = 1e-5 };

        Assert.Equal(1e-3, Rate(cosine, 1), 12);
        Assert.Equal((1e-3 + 1e-5) / 2, Rate(cosine, 6), 12);
    }

    [Fact]
    public void Plateau_reduces_after_patience_epochs_without_a_new_best()
    {
        var plateau = new ScheduleSpec { Kind = ScheduleKind.ReduceOnPlateau, Patience = 2, Factor = 0.1 };

        Assert.Equal(1e-3, Rate(plateau, 4, 1.0, 0.9, 0.95), 12);
        Assert.Equal(1e-4, Rate(plateau, 5, 1.0, 0.9, 0.95, 0.91), 12);
        Assert.Equal(1e-4, Rate(plateau, 6, 1.0, 0.9, 0.95, 0.91, 0.8), 12);
    }
}
