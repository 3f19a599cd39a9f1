using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Analysis;

/// <summary>
/// Which parameters mattered for reaching the best results: PED-ANOVA (Watanabe, Bansal and Hutter
/// 2023). A parameter matters as much as its distribution among the top-γ trials differs from its
/// distribution among all trials (Pearson divergence). Numbers are discretised on a grid over the
/// values the trials took (in log space for a log-sampled parameter) and smoothed by a Parzen
/// estimator with Scott's bandwidth; categories by their frequencies. Deterministic: no sampling.
/// </summary>
public static class ParameterImportance
{
    public const double DefaultQuantile = 0.1;

    /// <summary>Fewer trials with the metric than this give no ranking: a top set of one or two trials says nothing.</summary>
    public const int MinTrials = 10;

    /// <summary>The top set holds at least this many trials, whatever the quantile.</summary>
    public const int MinTopTrials = 2;

    /// <summary>Cells of the grid a continuous parameter is discretised on (Optuna's default).</summary>
    public const int GridSteps = 50;

    /// <summary>Importances of the parameters the read model's trials varied, by <paramref name="metric"/> (a stopped trial's per-epoch metrics are its last epoch's).</summary>
    public static ParameterImportances Of(IEnumerable<TrialResult> trials, string metric, ParameterScales scales, double quantile = DefaultQuantile)
    {
        var by = MetricRegistry.Get(metric);
        var read = trials.Select(t => new ImportanceTrial(
            t.Overrides.ToDictionary(o => o.Key, o => JsonNode.Parse(o.Value)), by.Of(t))).ToList();
        return Of(read, by.HigherIsBetter, scales, quantile);
    }

    /// <param name="higherIsBetter">The top trials are the highest (accuracies) or the lowest (losses).</param>
    /// <param name="quantile">γ: the share of trials counted as top, in (0, 1].</param>
    public static ParameterImportances Of(IReadOnlyList<ImportanceTrial> trials, bool higherIsBetter, ParameterScales scales, double quantile = DefaultQuantile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1.0);
        var scored = trials.Where(t => t.Value is { } v && double.IsFinite(v)).ToList();
        if (scored.Count < MinTrials)
            return new([], scored.Count, 0, quantile, $"needs at least {MinTrials} trials with the metric; {scored.Count} have it");
        var top = Top(scored, higherIsBetter, quantile);
        var parameters = scored.SelectMany(t => t.Parameters.Keys).Distinct().Order(StringComparer.Ordinal)
            .Where(p => Values(scored, p).Select(Key).Distinct().Count() > 1).ToList();
        if (parameters.Count == 0)
            return new([], scored.Count, top.Count, quantile, "no parameter took more than one value");

        var raw = parameters.Select(p => (Parameter: p, Scale: scales.Of(p, Values(scored, p)))).Select(p => (p.Parameter, p.Scale, Raw: Divergence(p.Parameter, p.Scale, top, scored))).ToList();
        var sum = raw.Sum(r => r.Raw);
        // Every divergence zero: the top trials are spread as all are for each, so each gets an equal share.
        var ranked = raw.Select(r => new ImportanceScore(r.Parameter, r.Scale, r.Raw, sum > 0 ? r.Raw / sum : 1.0 / raw.Count))
            .OrderByDescending(s => s.Raw).ThenBy(s => s.Parameter, StringComparer.Ordinal).ToList();
        return new(ranked, scored.Count, top.Count, quantile, null);
    }

    /// <summary>The trials at or better than the cutoff: the γ-quantile's value, or the <see cref="MinTopTrials"/>-th best's if that takes more.</summary>
    private static List<ImportanceTrial> Top(List<ImportanceTrial> scored, bool higherIsBetter, double quantile)
    {
        double Loss(ImportanceTrial t) => higherIsBetter ? -t.Value!.Value : t.Value!.Value;
        var losses = scored.Select(Loss).Order().ToList();
        var atQuantile = losses[Math.Max(0, (int)Math.Ceiling(quantile * losses.Count) - 1)];
        var cutoff = Math.Max(losses[MinTopTrials - 1], atQuantile);
        return [.. scored.Where(t => Loss(t) <= cutoff)];
    }

    private static List<JsonNode?> Values(List<ImportanceTrial> trials, string parameter) =>
        [.. trials.Where(t => t.Parameters.ContainsKey(parameter)).Select(t => t.Parameters[parameter])];

    /// <summary>Over the trials that have the parameter (a condition may leave it out of some); 0 when fewer than <see cref="MinTopTrials"/> top trials have it.</summary>
    private static double Divergence(string parameter, ParameterScale scale, List<ImportanceTrial> top, List<ImportanceTrial> all)
    {
        var topValues = Values(top, parameter);
        var allValues = Values(all, parameter);
        if (topValues.Count < MinTopTrials)
            return 0;
        if (scale == ParameterScale.Categorical)
        {
            var categories = allValues.Select(Key).Distinct().Order(StringComparer.Ordinal).ToList();
            int Index(JsonNode? v) => categories.IndexOf(Key(v));
            return GridDensity.PearsonDivergence(
                GridDensity.Frequencies([.. topValues.Select(Index)], categories.Count),
                GridDensity.Frequencies([.. allValues.Select(Index)], categories.Count));
        }
        var numbers = allValues.Select(v => ParameterScales.Number(v)!.Value).ToList();
        var log = scale == ParameterScale.Log && numbers.All(x => x > 0);
        double Scaled(JsonNode? v) => log ? Math.Log(ParameterScales.Number(v)!.Value) : ParameterScales.Number(v)!.Value;
        var scaled = allValues.Select(Scaled).ToList();
        double low = scaled.Min(), high = scaled.Max();
        // Whole numbers on a linear scale get a cell each when they fit: a grid finer than their step would leave gaps.
        var steps = !log && numbers.All(x => x == Math.Floor(x)) ? (int)Math.Min(GridSteps, high - low + 1) : GridSteps;
        int Cell(JsonNode? v) => (int)Math.Clamp(Math.Round((Scaled(v) - low) / (high - low) * (steps - 1)), 0, steps - 1);
        return GridDensity.PearsonDivergence(
            GridDensity.Parzen([.. topValues.Select(Cell)], steps),
            GridDensity.Parzen([.. allValues.Select(Cell)], steps));
    }

    private static string Key(JsonNode? value) => value?.ToJsonString() ?? "null";
}
