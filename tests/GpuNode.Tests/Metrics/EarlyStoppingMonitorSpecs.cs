using SweepCluster.GpuNode.Metrics;

namespace SweepCluster.GpuNode.Tests.Metrics;

public sealed class EarlyStoppingMonitorSpecs
{
    /// <summary>Feeds values as epochs 1, 2, ... and returns every decision, including any after a stop.</summary>
    private static List<EpochDecision> Run(EarlyStoppingMonitor monitor, params double[] values) =>
        values.Select((value, i) => monitor.Observe(i + 1, value)).ToList();

    private static int FirstStop(List<EpochDecision> decisions) => decisions.FindIndex(d => d.Stop) + 1;

    [Fact]
    public void Stops_once_patience_epochs_pass_without_improvement()
    {
        var monitor = new EarlyStoppingMonitor(maximize: false, patience: 2, minDelta: 0);

        // Epoch:  1    2    3     4    5     6     7
        // Loss:   1.0  0.8  0.85  0.7  0.75  0.72  0.9
        // Best:   1    2    2     4    4     4
        // Since:  0    0    1     0    1     2 -> stop at epoch 6
        var decisions = Run(monitor, 1.0, 0.8, 0.85, 0.7, 0.75, 0.72, 0.9);

        Assert.Equal([true, true, false, true, false, false, false], decisions.Select(d => d.Improved));
        Assert.Equal(6, FirstStop(decisions));
        Assert.Equal(4, monitor.BestEpoch);
        Assert.Equal(0.7, monitor.BestValue);
    }

    [Fact]
    public void An_improvement_must_beat_the_best_by_more_than_min_delta()
    {
        var monitor = new EarlyStoppingMonitor(maximize: false, patience: 5, minDelta: 0.25);

        // Best 4.0 at epoch 1. 3.75 is exactly 4.0 - 0.25, not strictly below it; 3.875 is above;
        // 3.5 < 3.75 improves.
        var decisions = Run(monitor, 4.0, 3.75, 3.875, 3.5);

        Assert.Equal([true, false, false, true], decisions.Select(d => d.Improved));
        Assert.Equal(4, monitor.BestEpoch);
        Assert.Equal(3.5, monitor.BestValue);
    }

    [Fact]
    public void Improvements_smaller_than_min_delta_do_not_reset_patience()
    {
        var monitor = new EarlyStoppingMonitor(maximize: false, patience: 2, minDelta: 0.25);

        // 3.875 and 3.75 are lower than 4.0 but not by more than 0.25: two epochs without improvement.
        var decisions = Run(monitor, 4.0, 3.875, 3.75);

        Assert.Equal(3, FirstStop(decisions));
        Assert.Equal(1, monitor.BestEpoch);
        Assert.Equal(4.0, monitor.BestValue);
    }

    [Fact]
    public void Maximize_mode_looks_for_higher_values()
    {
        var monitor = new EarlyStoppingMonitor(maximize: true, patience: 2, minDelta: 0);

        // Epoch:     1    2      3      4     5     6
        // Accuracy:  0.5  0.625  0.625  0.75  0.75  0.75
        // An equal value is no improvement: since-best 1 at epoch 3, 1 at 5, 2 at 6 -> stop at 6.
        var decisions = Run(monitor, 0.5, 0.625, 0.625, 0.75, 0.75, 0.75);

        Assert.Equal([true, true, false, true, false, false], decisions.Select(d => d.Improved));
        Assert.Equal(6, FirstStop(decisions));
        Assert.Equal(4, monitor.BestEpoch);
        Assert.Equal(0.75, monitor.BestValue);
    }

    [Fact]
    public void Nan_is_never_an_improvement()
    {
        var monitor = new EarlyStoppingMonitor(maximize: false, patience: 2, minDelta: 0);

        var first = monitor.Observe(1, double.NaN);

        Assert.Equal(new EpochDecision(Improved: false, Stop: false), first);
        Assert.Null(monitor.BestEpoch);
        Assert.Null(monitor.BestValue);

        // Epoch 2 sets the best; NaN at epochs 3 and 4 counts as two epochs without improvement.
        var rest = new[] { monitor.Observe(2, 1.0), monitor.Observe(3, double.NaN), monitor.Observe(4, double.NaN) };

        Assert.Equal([true, false, false], rest.Select(d => d.Improved));
        Assert.Equal([false, false, true], rest.Select(d => d.Stop));
        Assert.Equal(2, monitor.BestEpoch);
        Assert.Equal(1.0, monitor.BestValue);
    }

    [Fact]
    public void Zero_patience_stops_at_the_first_epoch_without_improvement()
    {
        var monitor = new EarlyStoppingMonitor(maximize: false, patience: 0, minDelta: 0);

        var decisions = Run(monitor, 1.0, 0.5, 0.5);

        Assert.Equal([false, false, true], decisions.Select(d => d.Stop));
    }

    [Fact]
    public void Epochs_must_increase()
    {
        var monitor = new EarlyStoppingMonitor(maximize: false, patience: 2, minDelta: 0);
        monitor.Observe(3, 1.0);

        var error = Assert.Throws<ArgumentException>(() => monitor.Observe(3, 0.5));

        Assert.StartsWith("Epoch 3 comes after epoch 3; epochs must increase.", error.Message);
    }

    [Fact]
    public void Rejects_negative_patience_and_negative_or_nan_min_delta()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStoppingMonitor(maximize: false, patience: -1, minDelta: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStoppingMonitor(maximize: false, patience: 1, minDelta: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStoppingMonitor(maximize: false, patience: 1, minDelta: double.NaN));
    }
}
