using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Reports;

/// <summary>One value of a factor (or one variant): the metric over the trials that share it.</summary>
/// <param name="Change">What the variant changed from the base; null for a factor's value.</param>
/// <param name="Std">Sample standard deviation over repeats; null for a single trial.</param>
/// <param name="DiffToBase">Mean minus the base's mean, when the sweep has a base.</param>
/// <param name="Value">The value, or for a binned factor its bin ("[0.000123, 0.00105)").</param>
/// <param name="Count">Trials with the metric: those the mean is over.</param>
/// <param name="TrialIds">The trials behind the row, in plan order.</param>
/// <param name="Stopped">Of <paramref name="TrialIds"/>, those the scheduler stopped (<see cref="GroupTable.Means"/> says whether their values are in the mean).</param>
public sealed record GroupRow(string Value, string? Change, int Count, double? Mean, double? Std, double? DiffToBase, IReadOnlyList<string> TrialIds, int Stopped = 0);

/// <summary>One grouped table of a report.</summary>
/// <param name="Factor">The dotted path that was varied, or "variants".</param>
/// <param name="Kind">one-factor (the base, and each value alone on it), marginal (every trial with the value, the others varying too) or variants.</param>
/// <param name="Means">What the means are over (<see cref="ResultGroups.MeanRule"/>), to print with the table.</param>
/// <param name="Binning">How a continuous factor's values were binned (<see cref="ParameterBins.Description"/>); null when each row is one value.</param>
public sealed record GroupTable(string Factor, string Kind, string Metric, IReadOnlyList<GroupRow> Rows, string Means = "", string? Binning = null);

/// <summary>
/// Results grouped by what was varied, read from the trials alone so that any sweep groups the same
/// way: with a base trial, each factor whose values were tried alone on it gets a one-factor table
/// (an ablation) and every named trial a row of the variants table; without a base, every factor gets
/// a marginal table (a grid or random search), a continuous one by bins (<see cref="ParameterBins"/>).
/// Trials with the same label are repeats of one cell. Means are over the trials that carry the metric
/// (<see cref="MeanRule"/>); each row counts the trials the scheduler stopped.
/// </summary>
public static class ResultGroups
{
    public const string BaseLabel = "base";

    public const string Variants = "variants";

    /// <summary>A marginal table of a factor whose values are not all numbers stops being readable past this many values.</summary>
    public const int MaxMarginalValues = 12;

    /// <param name="baseSpec">The base trial's spec, to show each factor's base value; null shows "base" alone.</param>
    /// <param name="scales">Which factors were drawn log-uniformly, so their bins' edges lie in log space; unknown: all linear.</param>
    public static IReadOnlyList<GroupTable> Of(IReadOnlyList<TrialResult> trials, string metric, TrialSpec? baseSpec, ParameterScales? scales = null)
    {
        var by = MetricRegistry.Get(metric);
        double? Value(TrialResult t) => by.Of(t);
        var cells = trials.OrderBy(t => t.Position).GroupBy(t => t.Label).Select(g => g.ToList()).ToList();
        var baseCell = cells.FirstOrDefault(c => c[0].Label == BaseLabel && c[0].Overrides.Count == 0);
        var tables = baseCell is null ? Marginal(cells, metric, Value, scales ?? ParameterScales.Unknown) : AroundBase(baseCell, baseSpec, cells, metric, Value);
        var means = MeanRule(metric);
        return [.. tables.Select(t => t with { Means = means })];
    }

    /// <summary>
    /// What a group's mean is over, in one sentence: the trials that carry the metric. A trial the
    /// scheduler stopped carries its last epoch's value of a per-epoch metric, and is in the mean; it
    /// has no test metric, and is not.
    /// </summary>
    /// <exception cref="UnknownMetricException"><paramref name="metric"/> is not in the registry.</exception>
    public static string MeanRule(string metric)
    {
        var by = MetricRegistry.Get(metric);
        return by.PerEpoch
            ? $"Means over the trials with {by.Name}; a trial the scheduler stopped counts with its last epoch's value (stopped: how many)."
            : $"Means over the trials with {by.Name}; trials the scheduler stopped have none and are left out (stopped: how many), so a mean can be high because weak trials stopped.";
    }

    private static List<GroupTable> AroundBase(List<TrialResult> baseCell, TrialSpec? baseSpec, List<List<TrialResult>> cells, string metric, Func<TrialResult, double?> value)
    {
        var baseMean = Stats(baseCell, value).Mean;
        var baseTree = baseSpec is null ? null : JsonSerializer.SerializeToNode(baseSpec, SpecJson.Options);
        var tables = new List<GroupTable>();
        foreach (var factor in cells.Where(IsOneFactor).Select(c => c[0].Overrides.Keys.Single()).Distinct())
        {
            var baseValue = baseTree is not null && SpecPath.Get(baseTree, factor) is { } node ? $"{Text(node.ToJsonString())} (base)" : BaseLabel;
            var rows = new List<GroupRow> { Row(baseValue, null, baseCell, value, baseMean) };
            rows.AddRange(cells.Where(c => IsOneFactor(c) && c[0].Overrides.ContainsKey(factor))
                .Select(c => Row(Text(c[0].Overrides[factor]), null, c, value, baseMean)));
            tables.Add(new GroupTable(factor, "one-factor", metric, rows));
        }
        var named = cells.Where(c => c != baseCell && !IsOneFactor(c)).ToList();
        if (named.Count > 0)
        {
            var rows = new List<GroupRow> { Row(BaseLabel, "", baseCell, value, baseMean) };
            rows.AddRange(named.Select(c => Row(c[0].Label, Change(c[0]), c, value, baseMean)));
            tables.Add(new GroupTable(Variants, Variants, metric, rows));
        }
        return tables;
    }

    private static List<GroupTable> Marginal(List<List<TrialResult>> cells, string metric, Func<TrialResult, double?> value, ParameterScales scales)
    {
        var trials = cells.SelectMany(c => c).ToList();
        var tables = new List<GroupTable>();
        foreach (var factor in trials.SelectMany(t => t.Overrides.Keys).Distinct())
        {
            var having = trials.Where(t => t.Overrides.ContainsKey(factor)).ToList();
            var numbers = having.Select(t => ParameterScales.Number(JsonNode.Parse(t.Overrides[factor]))).ToList();
            if (numbers.All(n => n is not null) && ParameterBins.For([.. numbers.Select(n => n!.Value)], scales.IsLog(factor)) is { } bins)
            {
                var byBin = having.Zip(numbers, (t, n) => (Trial: t, Bin: bins.Of(n!.Value))).GroupBy(p => p.Bin).OrderBy(g => g.Key.Low);
                tables.Add(new GroupTable(factor, "marginal", metric, [.. byBin.Select(g => Row(g.Key.Label, null, [.. g.Select(p => p.Trial)], value, null))],
                    Binning: bins.Description));
                continue;
            }
            var byValue = having.GroupBy(t => Text(t.Overrides[factor])).ToList();
            if (byValue.Count is < 2 or > MaxMarginalValues)
                continue;
            tables.Add(new GroupTable(factor, "marginal", metric, [.. byValue.Select(g => Row(g.Key, null, [.. g], value, null))]));
        }
        return tables;
    }

    /// <summary>A trial that changes one path of the base, labelled by that change alone (not a named variant).</summary>
    private static bool IsOneFactor(List<TrialResult> cell) =>
        cell[0].Overrides.Count == 1 && cell[0].Label == $"{cell[0].Overrides.Keys.Single()}={Text(cell[0].Overrides.Values.Single())}";

    private static GroupRow Row(string label, string? change, List<TrialResult> cell, Func<TrialResult, double?> value, double? baseMean)
    {
        var (mean, std, count) = Stats(cell, value);
        return new GroupRow(label, change, count, mean, std, mean - baseMean, [.. cell.Select(t => t.TrialId)], cell.Count(t => t.State == TrialLifecycle.Stopped.Text()));
    }

    /// <summary>Mean and spread over the cell's trials that have the metric (a failed repeat has none).</summary>
    private static (double? Mean, double? Std, int Count) Stats(List<TrialResult> cell, Func<TrialResult, double?> value)
    {
        var values = cell.Select(value).OfType<double>().ToList();
        if (values.Count == 0)
            return (null, null, 0);
        var stats = FoldAggregate.Final(values);
        return (stats.Mean, stats.StdDev, values.Count);
    }

    private static string Change(TrialResult trial) =>
        string.Join(", ", trial.Overrides.Select(o => $"{o.Key}={Text(o.Value)}"));

    private static string Text(string json) => JsonNode.Parse(json) is JsonValue v && v.TryGetValue<string>(out var s) ? s : json;
}
