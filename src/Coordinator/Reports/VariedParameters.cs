using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Serialization;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Reports;

/// <summary>A parameter the sweep varied, with each trial's value of it.</summary>
/// <param name="Path">Its dotted path, as the sweep file writes it.</param>
/// <param name="LogScale">Sampled from a loguniform distribution: its figures use a log axis.</param>
/// <param name="Values">Trial id -> its value in the trial's spec (JSON), for every trial that has the path.</param>
public sealed record VariedParameter(string Path, bool Numeric, bool LogScale, IReadOnlyDictionary<string, JsonNode> Values)
{
    /// <summary>A categorical parameter's values, in the order first seen; empty for a numeric one.</summary>
    public IReadOnlyList<string> Categories => Numeric ? [] : [.. Values.Values.Select(Text).Distinct()];

    public double? Number(string trialId) => Numeric && Values.TryGetValue(trialId, out var v) ? v.GetValue<double>() : null;

    /// <summary>The value as a table shows it: numbers to 4 significant digits, text as written.</summary>
    public string Format(string trialId) => Values.TryGetValue(trialId, out var v)
        ? Numeric ? v.GetValue<double>().ToString("G4", CultureInfo.InvariantCulture) : Text(v)
        : "";

    private static string Text(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
}

/// <summary>The parameters a sweep varied: every overridden path with more than one value among its trials.</summary>
public static class VariedParameters
{
    /// <param name="scales">Which parameters the search space draws log-uniformly: their figures use a log axis.</param>
    public static IReadOnlyList<VariedParameter> Of(IReadOnlyList<TrialRecord> trials, ParameterScales scales)
    {
        var trees = trials.ToDictionary(t => t.TrialId, t => JsonSerializer.SerializeToNode(t.Spec, SpecJson.Options)!);
        var varied = new List<VariedParameter>();
        foreach (var path in trials.SelectMany(t => t.Overrides.Keys).Distinct())
        {
            var values = new Dictionary<string, JsonNode>();
            foreach (var trial in trials)
            {
                if (SpecPath.Get(trees[trial.TrialId], path) is { } node)
                    values[trial.TrialId] = node;
            }
            if (values.Values.Select(v => v.ToJsonString()).Distinct().Count() < 2)
                continue;
            var numeric = values.Values.All(v => v is JsonValue value && value.GetValueKind() == JsonValueKind.Number);
            varied.Add(new VariedParameter(path, numeric, numeric && scales.IsLog(path), values));
        }
        return varied;
    }
}
