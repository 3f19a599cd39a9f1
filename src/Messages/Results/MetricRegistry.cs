using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Messages.Results;

/// <summary>The one list of metrics: leaderboards, reports, stages, samplers, schedulers and the CLI find a metric's direction and value here, by name.</summary>
public static class MetricRegistry
{
    public static readonly MetricInfo ValAccuracy = new("val_accuracy", true, e => e.ValAccuracy, o => o.ValAccuracy, r => r.ValAccuracy);

    public static readonly MetricInfo ValLoss = new("val_loss", false, e => e.ValLoss, o => o.ValLoss, r => r.ValLoss);

    public static readonly MetricInfo TestAccuracy = new("test_accuracy", true, null, o => o.TestAccuracy, r => r.TestAccuracy);

    public static readonly MetricInfo TestLoss = new("test_loss", false, null, o => o.TestLoss, r => r.TestLoss);

    public static readonly MetricInfo TrainAccuracy = new("train_accuracy", true, e => e.TrainAccuracy, null, r => r.TrainAccuracy);

    public static readonly MetricInfo TrainLoss = new("train_loss", false, e => e.TrainLoss, null, r => r.TrainLoss);

    // Read from the final evaluation's class report; a k-fold trial's fold means do not include them, so it has none.
    public static readonly MetricInfo ValMacroF1 = new("val_macro_f1", true, null, o => o.Validation?.MacroAverage.F1, r => r.ValMacroF1);

    public static readonly MetricInfo TestMacroF1 = new("test_macro_f1", true, null, o => o.Test?.MacroAverage.F1, r => r.TestMacroF1);

    public static readonly MetricInfo ValRocAuc = new("val_roc_auc", true, null, o => o.Validation?.RocAucMacro, r => r.ValRocAuc);

    public static readonly MetricInfo TestRocAuc = new("test_roc_auc", true, null, o => o.Test?.RocAucMacro, r => r.TestRocAuc);

    public static readonly IReadOnlyList<MetricInfo> All =
        [ValAccuracy, ValLoss, TestAccuracy, TestLoss, TrainAccuracy, TrainLoss, ValMacroF1, TestMacroF1, ValRocAuc, TestRocAuc];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    /// <summary>The metrics recorded after every epoch (what a scheduler can use).</summary>
    public static IReadOnlyList<MetricInfo> PerEpoch { get; } = [.. All.Where(m => m.PerEpoch)];

    public static IReadOnlyList<string> PerEpochNames { get; } = [.. PerEpoch.Select(m => m.Name)];

    /// <summary>The metric named exactly <paramref name="name"/>, or null.</summary>
    public static MetricInfo? Find(string? name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The metric named <paramref name="name"/>; an <see cref="UnknownMetricException"/> naming the valid ones if none is.</summary>
    public static MetricInfo Get(string? name) => Find(name) ?? throw new UnknownMetricException(name);

    /// <summary>The per-epoch metric named <paramref name="name"/>; an <see cref="UnknownMetricException"/> naming the per-epoch ones if none is.</summary>
    public static MetricInfo GetPerEpoch(string? name) =>
        PerEpoch.FirstOrDefault(m => m.Name == name) ?? throw new UnknownMetricException(name, PerEpochNames, "recorded after every epoch");

    /// <summary>The metric an early-stopping monitor watches.</summary>
    public static MetricInfo For(MonitoredMetric monitor) => monitor switch
    {
        MonitoredMetric.ValAccuracy => ValAccuracy,
        MonitoredMetric.ValLoss => ValLoss,
        _ => throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "no metric in the registry"),
    };

    /// <summary>"val_accuracy, val_loss, ...": the names, for messages.</summary>
    public static string Listed(IEnumerable<string>? names = null) => string.Join(", ", names ?? Names);
}
