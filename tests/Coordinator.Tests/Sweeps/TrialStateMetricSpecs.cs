using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>A trial's final metric by name: finished trials by their evaluation, stopped ones by their last epoch.</summary>
public sealed class TrialStateMetricSpecs
{
    private static readonly EpochMetrics Last = new(2, 0.3, 0.9, 0.4, 0.85, 0.001, 1, 100);

    private static readonly TrialOutcome Evaluated = new(TrialStatus.Completed, 2, Report(0.86, 0.41), Report(0.84, 0.45), null);

    private static ClassificationReport Report(double accuracy, double logLoss)
    {
        var averages = new AveragedMetrics(accuracy, accuracy, accuracy);
        return new ClassificationReport(100, accuracy, logLoss, [], [], averages, averages, null);
    }

    private static TrialState Trial(TrialPhase phase, TrialOutcome? outcome) =>
        TrialState.Queued(new TrialDefinition("t0", 0, "base", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 1), 1, 0))
            with
        { Phase = phase, Outcome = outcome, Latest = Last };

    [Theory]
    [InlineData("val_accuracy", 0.86)]
    [InlineData("val_loss", 0.41)]
    [InlineData("test_accuracy", 0.84)]
    [InlineData("test_loss", 0.45)]
    [InlineData("train_accuracy", 0.9)]
    [InlineData("train_loss", 0.3)]
    public void A_finished_trial_is_judged_on_its_evaluation_and_its_last_epochs_training_metrics(string metric, double expected)
    {
        Assert.Equal(expected, Trial(TrialPhase.Finished, Evaluated).Metric(metric));
    }

    [Theory]
    [InlineData("val_accuracy", 0.85)]
    [InlineData("val_loss", 0.4)]
    [InlineData("test_accuracy", null)]
    [InlineData("train_loss", 0.3)]
    public void A_stopped_trial_is_judged_on_its_last_epoch_and_has_no_test_metrics(string metric, double? expected)
    {
        var stopped = new TrialOutcome(TrialStatus.Stopped, 2, null, null, "stopped");

        Assert.Equal(expected, Trial(TrialPhase.Stopped, stopped).Metric(metric));
    }

    [Fact]
    public void A_running_trial_has_no_final_metric_yet()
    {
        Assert.All(MetricRegistry.Names, name => Assert.Null(Trial(TrialPhase.Running, null).Metric(name)));
    }

    [Fact]
    public void An_unknown_metric_lists_the_valid_ones()
    {
        var error = Assert.Throws<UnknownMetricException>(() => Trial(TrialPhase.Finished, Evaluated).Metric("f1"));

        Assert.Contains("one of val_accuracy, val_loss, test_accuracy, test_loss, train_accuracy, train_loss, val_macro_f1", error.Message);
    }
}
