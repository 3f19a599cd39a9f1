using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// Which search keys each strategy reads: a key another strategy reads (factors under grid, say)
/// would be ignored silently, so it is refused instead, as is a stage metric nothing records.
/// </summary>
internal static class SearchKeys
{
    private static readonly string[] TpeKeys = ["metric", "startup_trials", "candidates"];

    private static readonly Dictionary<string, string[]> ByStrategy = new()
    {
        ["grid"] = ["parameters"],
        ["random"] = ["parameters", "samples", "sampler", "metric", "startup_trials", "candidates"],
        ["ablation"] = ["factors", "variants"],
        ["variants"] = ["variants", "cumulative", "include_base"],
        ["stages"] = ["stages", "metric"],
    };

    public static void Check(JsonObject search, string path, bool isStage, Action<string, string> fail)
    {
        var strategy = search["strategy"]?.GetValue<string>() ?? "grid";
        var allowed = ByStrategy[strategy].Append("strategy").Concat(isStage ? ["name"] : ["repeats"]).ToHashSet();
        foreach (var (key, _) in search)
        {
            if (!allowed.Contains(key))
                fail(SpecPath.Child(path, key), $"is not used by the {strategy} strategy{(isStage ? " in a stage" : "")}; it reads {string.Join(", ", allowed.Order())}");
        }
        if (strategy == "random" && search["sampler"]?.GetValue<string>() != "tpe")
        {
            foreach (var key in TpeKeys.Where(search.ContainsKey))
                fail(SpecPath.Child(path, key), "is read only with sampler: tpe");
        }
        if (isStage && search["sampler"]?.GetValue<string>() == "tpe")
            fail(SpecPath.Child(path, "sampler"), "tpe proposes trials as results arrive, which a stage cannot wait for; use random or quasi_random in a stage");
        if (search["metric"] is JsonValue metric && MetricRegistry.Find(metric.GetValue<string>()) is null)
            fail(SpecPath.Child(path, "metric"), $"'{metric}' is not a recorded metric; use one of {MetricRegistry.Listed()}");
        if (search["stages"] is JsonArray stages)
        {
            for (var i = 0; i < stages.Count; i++)
            {
                if (stages[i] is JsonObject stage)
                    Check(stage, SpecPath.Index(SpecPath.Child(path, "stages"), i), isStage: true, fail);
            }
        }
    }
}
