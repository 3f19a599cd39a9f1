using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;
using SweepCluster.Search.SweepFiles.Strategies;

namespace SweepCluster.Search.Schedulers;

/// <summary>Checks a sweep file's scheduler section and builds the scheduler it describes.</summary>
public static class SchedulerSettings
{
    private static readonly Dictionary<SchedulerKind, string[]> KeysByType = new()
    {
        [SchedulerKind.Median] = ["grace_period", "min_trials"],
        [SchedulerKind.Asha] = ["grace_period", "reduction_factor"],
        [SchedulerKind.Hyperband] = ["grace_period", "reduction_factor", "brackets"],
        [SchedulerKind.Pbt] = ["interval", "quantile", "resample_probability", "perturbation_factors", "mutations", "seed"],
    };

    private static readonly string[] CommonKeys = ["type", "metric", "mode", "max_epochs"];

    /// <summary>The spec with its budget, mode and seed filled in (the base trial's epochs, the metric's direction, the sweep's seed), after checking every field.</summary>
    /// <param name="node">The section as written, to refuse keys its type does not read.</param>
    /// <param name="baseTree">The base trial, with every default written out.</param>
    internal static SchedulerSpec Check(SchedulerSpec spec, JsonObject node, JsonObject baseTree, int baseEpochs, long sweepSeed, Action<string, string> fail)
    {
        var type = spec.Type.ToString().ToLowerInvariant();
        var allowed = KeysByType[spec.Type].Concat(CommonKeys).ToHashSet();
        foreach (var (key, _) in node)
        {
            if (!allowed.Contains(key))
                fail($"scheduler.{key}", $"is not used by the {type} scheduler; it reads {string.Join(", ", allowed.Order())}");
        }
        var known = MetricRegistry.Find(spec.Metric) is { PerEpoch: true };
        if (!known)
            fail("scheduler.metric", $"'{spec.Metric}' is not recorded after every epoch; use one of {MetricRegistry.Listed(MetricRegistry.PerEpochNames)}");
        var budget = spec.MaxEpochs ?? baseEpochs;
        if (budget < 1)
            fail("scheduler.max_epochs", "must be at least 1");
        var pbt = spec.Type == SchedulerKind.Pbt;
        if (!pbt && (spec.GracePeriod < 1 || spec.GracePeriod >= budget))
            fail("scheduler.grace_period", $"must be at least 1 and below the budget of {budget} epochs");
        if (spec.ReductionFactor < 2)
            fail("scheduler.reduction_factor", "must be at least 2");
        if (spec.Brackets is < 1)
            fail("scheduler.brackets", "must be at least 1");
        if (spec.MinTrials < 1)
            fail("scheduler.min_trials", "must be at least 1");
        if (pbt && (spec.Interval < 1 || spec.Interval >= budget))
            fail("scheduler.interval", $"must be at least 1 and below the budget of {budget} epochs");
        if (spec.Quantile is <= 0 or > 0.5)
            fail("scheduler.quantile", "must be above 0 and at most 0.5");
        if (spec.ResampleProbability is < 0 or > 1)
            fail("scheduler.resample_probability", "must be between 0 and 1");
        if (spec.PerturbationFactors.Count == 0 || spec.PerturbationFactors.Any(f => f <= 0))
            fail("scheduler.perturbation_factors", "must be one or more numbers above 0");
        if (pbt && spec.Mutations.Count == 0)
            fail("scheduler.mutations", "must name at least one hyperparameter to explore, as path: distribution");
        foreach (var (path, draw) in spec.Mutations)
        {
            var at = SpecPath.Child("scheduler.mutations", path);
            if (Distribution.Parse(draw, out var when) is null || when.Count > 0)
                fail(at, "expected one distribution: {choice: [..]}, {uniform: [low, high]}, {loguniform: [low, high]} or {int: [low, high]}");
            else if (!Mutable(path))
                fail(at, "PBT changes a trial as it trains: only what leaves the weights and the optimizer's state as they are can mutate (training.optimizer.learning_rate, training.batch_size, training.regularization.*, training.augmentation.*, dropout rates)");
        }
        if (SpecPath.Get(baseTree, "dataset.folds") is JsonValue folds && folds.GetValue<int>() >= 2)
            fail("scheduler", "a scheduler judges one model per trial, epoch by epoch; k-fold trials (dataset.folds) train several");
        return spec with { MaxEpochs = budget, Mode = known ? spec.Direction : spec.Mode, Seed = spec.Seed ?? sweepSeed };
    }

    private static bool Mutable(string path) =>
        path is "training.optimizer.learning_rate" or "training.batch_size"
        || path.StartsWith("training.regularization.", StringComparison.Ordinal)
        || path.StartsWith("training.augmentation.", StringComparison.Ordinal)
        || (path.StartsWith("model.", StringComparison.Ordinal) && path.EndsWith(".dropout", StringComparison.Ordinal));

    /// <param name="spec">A spec resolved by the sweep expander.</param>
    public static ITrialScheduler Create(SchedulerSpec spec)
    {
        var metric = new SchedulerMetric(spec.Metric, spec.Direction);
        var budget = spec.MaxEpochs ?? throw new ArgumentException("The scheduler's budget is resolved by SweepExpander.", nameof(spec));
        return spec.Type switch
        {
            SchedulerKind.Median => new MedianStoppingScheduler(metric, spec.GracePeriod, spec.MinTrials, budget),
            SchedulerKind.Asha => new AshaScheduler(metric, spec.GracePeriod, spec.ReductionFactor, budget),
            SchedulerKind.Hyperband => new HyperbandScheduler(metric, spec.GracePeriod, spec.ReductionFactor, budget, spec.Brackets),
            _ => new PbtScheduler(metric, spec, budget, spec.Seed ?? 0),
        };
    }
}
