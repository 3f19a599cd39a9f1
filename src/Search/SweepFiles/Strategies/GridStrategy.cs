using System.Text.Json.Nodes;

namespace SweepCluster.Search.SweepFiles.Strategies;

/// <summary>The cartesian product of listed values, in file order, the last path varying fastest.</summary>
internal static class GridStrategy
{
    public static List<TrialPlan> Expand(SearchSpec search, string source, Action<string, string> fail)
    {
        var axes = ValueLists.Read(search.Parameters, SpecPath.Child(source, "parameters"), fail);
        var plans = new List<TrialPlan> { new("", []) };
        foreach (var (path, values, origin) in axes)
        {
            plans = [.. plans.SelectMany(plan => values.Select(value =>
                new TrialPlan(Label.Join(plan.Label, Label.Of(path, value)), [.. plan.Overrides, new Override(path, value, origin)])))];
        }
        return plans;
    }
}

/// <summary>Reads "path: [values]" mappings (grid parameters, ablation factors).</summary>
internal static class ValueLists
{
    public static List<(string Path, IReadOnlyList<JsonNode?> Values, string Origin)> Read(
        IReadOnlyDictionary<string, JsonNode?> entries, string source, Action<string, string> fail)
    {
        var axes = new List<(string, IReadOnlyList<JsonNode?>, string)>();
        foreach (var (path, node) in entries)
        {
            var origin = SpecPath.Child(source, path);
            if (node is not JsonArray { Count: > 0 } list)
            {
                fail(origin, "expected a non-empty list of values to try");
                continue;
            }
            axes.Add((path, [.. list], origin));
        }
        return axes;
    }
}

/// <summary>Short human labels for trials: "path=value, path=value".</summary>
internal static class Label
{
    public static string Of(string path, JsonNode? value) => $"{path}={value?.ToJsonString().Trim('"') ?? "null"}";

    public static string Join(string left, string right) => left.Length == 0 ? right : $"{left}, {right}";
}
