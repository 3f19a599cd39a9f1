using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Messages.Tests.Results;

public sealed class MetricRegistrySpecs
{
    private static readonly EpochMetrics Epoch = new(3, TrainLoss: 0.3, TrainAccuracy: 0.9, ValLoss: 0.4, ValAccuracy: 0.85, LearningRate: 0.001, Seconds: 1, ImagesPerSecond: 100);

    private static readonly TrialOutcome Outcome = new(TrialStatus.Completed, 3, Report(0.86, 0.41), Report(0.84, 0.45), null);

    private static readonly TrialResult Result = new("t0", 0, "base", "completed", new Dictionary<string, string>(), 0.86, 0.41, 0.84, 0.45, 0.9, 0.3, 3, 1, null);

    private static ClassificationReport Report(double accuracy, double logLoss)
    {
        var averages = new AveragedMetrics(accuracy, accuracy, accuracy);
        return new ClassificationReport(100, accuracy, logLoss, [], [], averages, averages, null);
    }

    [Fact]
    public void Every_metric_is_listed_once_with_its_name()
    {
        Assert.Equal(["val_accuracy", "val_loss", "test_accuracy", "test_loss", "train_accuracy", "train_loss",
            "val_macro_f1", "test_macro_f1", "val_roc_auc", "test_roc_auc"], MetricRegistry.Names);
        Assert.Equal(["val_accuracy", "val_loss", "train_accuracy", "train_loss"], MetricRegistry.PerEpochNames);
    }

    [Theory]
    [InlineData("val_accuracy", true)]
    [InlineData("test_accuracy", true)]
    [InlineData("train_accuracy", true)]
    [InlineData("val_loss", false)]
    [InlineData("test_loss", false)]
    [InlineData("train_loss", false)]
    public void Accuracies_improve_upwards_and_losses_downwards(string name, bool higherIsBetter)
    {
        var metric = MetricRegistry.Get(name);

        Assert.Equal(higherIsBetter, metric.HigherIsBetter);
        Assert.True(metric.Better(higherIsBetter ? 0.6 : 0.4, 0.5));
        Assert.False(metric.Better(0.5, 0.5));
        Assert.True(metric.SortKey(higherIsBetter ? 0.6 : 0.4) < metric.SortKey(0.5));
    }

    [Theory]
    [InlineData("val_accuracy", 0.85, 0.86, 0.86)]
    [InlineData("val_loss", 0.4, 0.41, 0.41)]
    [InlineData("test_accuracy", null, 0.84, 0.84)]
    [InlineData("test_loss", null, 0.45, 0.45)]
    [InlineData("train_accuracy", 0.9, null, 0.9)]
    [InlineData("train_loss", 0.3, null, 0.3)]
    public void Each_metric_is_read_from_an_epoch_an_outcome_and_a_result(string name, double? epoch, double? outcome, double? result)
    {
        var metric = MetricRegistry.Get(name);

        Assert.Equal(epoch, metric.Of(Epoch));
        Assert.Equal(outcome, metric.Of(Outcome));
        Assert.Equal(result, metric.Of(Result));
        Assert.Equal(epoch is not null, metric.PerEpoch);
        Assert.Equal(outcome is not null, metric.Final);
        Assert.Null(metric.Of((EpochMetrics?)null));
        Assert.Null(metric.Of((TrialOutcome?)null));
    }

    [Theory]
    [InlineData("val_macro_f1", 0.81)]
    [InlineData("test_macro_f1", 0.79)]
    [InlineData("val_roc_auc", 0.97)]
    [InlineData("test_roc_auc", 0.96)]
    public void Class_report_metrics_are_final_higher_is_better_and_read_from_the_report_and_the_result(string name, double expected)
    {
        var validation = new ClassificationReport(100, 0.8, 0.5, [], [], new(0.8, 0.8, 0.81), new(0.8, 0.8, 0.8), 0.97);
        var test = new ClassificationReport(100, 0.8, 0.5, [], [], new(0.8, 0.8, 0.79), new(0.8, 0.8, 0.8), 0.96);
        var outcome = new TrialOutcome(TrialStatus.Completed, 3, validation, test, null);
        var result = Result with { ValMacroF1 = 0.81, TestMacroF1 = 0.79, ValRocAuc = 0.97, TestRocAuc = 0.96 };
        var metric = MetricRegistry.Get(name);

        Assert.True(metric.HigherIsBetter);
        Assert.True(metric.Final);
        Assert.False(metric.PerEpoch);
        Assert.Equal(expected, metric.Of(outcome));
        Assert.Equal(expected, metric.Of(result));
        Assert.Equal(expected, metric.OfTrial(outcome, Epoch, stopped: false));
    }

    [Fact]
    public void Class_report_metrics_are_null_without_a_report_or_a_roc_auc()
    {
        var stopped = new TrialOutcome(TrialStatus.Stopped, 3, null, null, "stopped");

        Assert.Null(MetricRegistry.ValMacroF1.OfTrial(stopped, Epoch, stopped: true));
        Assert.Null(MetricRegistry.TestRocAuc.Of(Outcome)); // a report with no class both present and absent
        Assert.Null(MetricRegistry.ValRocAuc.Of(Result));
    }

    [Fact]
    public void An_unknown_name_is_not_found_and_getting_it_lists_the_valid_names()
    {
        Assert.Null(MetricRegistry.Find("f1"));
        var error = Assert.Throws<UnknownMetricException>(() => MetricRegistry.Get("f1"));

        Assert.Equal("Unknown metric 'f1': it must be one of val_accuracy, val_loss, test_accuracy, test_loss, train_accuracy, train_loss, val_macro_f1, test_macro_f1, val_roc_auc, test_roc_auc.", error.Message);
        Assert.Equal("f1", error.Name);
    }

    [Fact]
    public void A_final_only_metric_is_refused_where_one_recorded_every_epoch_is_needed()
    {
        var error = Assert.Throws<UnknownMetricException>(() => MetricRegistry.GetPerEpoch("test_accuracy"));

        Assert.Equal("'test_accuracy' is not a metric recorded after every epoch: it must be one of val_accuracy, val_loss, train_accuracy, train_loss.", error.Message);
        Assert.Same(MetricRegistry.ValLoss, MetricRegistry.GetPerEpoch("val_loss"));
    }

    [Theory]
    [InlineData("val_accuracy", false, 0.86)]
    [InlineData("val_accuracy", true, 0.85)]
    [InlineData("test_accuracy", false, 0.84)]
    [InlineData("train_loss", false, 0.3)]
    [InlineData("train_loss", true, 0.3)]
    public void A_trial_is_judged_on_its_evaluation_unless_a_scheduler_stopped_it(string name, bool stopped, double expected)
    {
        Assert.Equal(expected, MetricRegistry.Get(name).OfTrial(Outcome, Epoch, stopped));
    }

    [Fact]
    public void A_stopped_trial_has_no_test_metric()
    {
        var stopped = new TrialOutcome(TrialStatus.Stopped, 3, null, null, "stopped");

        Assert.Null(MetricRegistry.TestAccuracy.OfTrial(stopped, Epoch, stopped: true));
    }

    [Fact]
    public void Every_early_stopping_monitor_is_a_per_epoch_metric_of_the_registry()
    {
        Assert.All(Enum.GetValues<MonitoredMetric>(), m => Assert.True(MetricRegistry.For(m).PerEpoch));
        Assert.Same(MetricRegistry.ValLoss, MetricRegistry.For(MonitoredMetric.ValLoss));
        Assert.Same(MetricRegistry.ValAccuracy, MetricRegistry.For(MonitoredMetric.ValAccuracy));
    }
}
