using System.Text.Json.Nodes;
using SweepCluster.Search.Samplers;

namespace SweepCluster.Search.SweepFiles.Strategies;

/// <summary>
/// Seeded samples from choice / uniform / loguniform / int distributions, drawn independently or
/// quasi-randomly (<see cref="HaltonPoints"/>). A parameter with <c>when: {path: value}</c> is drawn
/// only for samples where that path has that value (conditional).
/// </summary>
internal static class RandomStrategy
{
    /// <param name="baseTree">The base with every default filled in, so a condition on a value the file leaves at its default still matches.</param>
    public static List<TrialPlan> Expand(SearchSpec search, string source, JsonObject baseTree, long seed, Action<string, string> fail)
    {
        var parameters = Parameters(search, source, baseTree, fail);
        if (search.Samples < 1)
            fail(SpecPath.Child(source, "samples"), "must be at least 1");
        // TPE starts from independent draws, the same as random search's; it proposes the rest as results arrive.
        var samples = search.Sampler == Sampler.Tpe ? Math.Min(search.Samples, search.StartupTrials) : search.Samples;

        var random = new Random(unchecked((int)seed));
        var halton = search.Sampler == Sampler.QuasiRandom ? new HaltonPoints(parameters.Count, random) : null;
        var plans = new List<TrialPlan>();
        for (var s = 0; s < samples; s++)
        {
            var point = halton?.Point(s);
            // Drawn even when skipped, so one parameter's condition never shifts the others' draws.
            var values = parameters.Select((p, i) => p.Draw.Sample(point?[i] ?? random.NextDouble())).ToList();
            plans.Add(Plan(parameters, values, baseTree, s));
        }
        return plans;
    }

    /// <summary>The searched parameters, each checked: its distribution, and that its condition names something.</summary>
    public static List<RandomParameter> Parameters(SearchSpec search, string source, JsonObject baseTree, Action<string, string> fail)
    {
        var parameters = new List<RandomParameter>();
        foreach (var (path, node) in search.Parameters)
        {
            var origin = SpecPath.Child(SpecPath.Child(source, "parameters"), path);
            if (Distribution.Parse(node, out var when) is not { } distribution)
            {
                fail(origin, "expected one distribution: {choice: [..]}, {uniform: [low, high]}, {loguniform: [low, high]} or {int: [low, high]} (whole-number bounds), optionally with when: {path: value}");
                continue;
            }
            var unknown = when.Keys.Where(k => SpecPath.Get(baseTree, k) is null && !search.Parameters.ContainsKey(k)).ToList();
            if (unknown.Count > 0)
                fail(SpecPath.Child(origin, "when"), $"names nothing in a trial: {string.Join(", ", unknown)}");
            parameters.Add(new RandomParameter(path, distribution, when, origin));
        }
        return parameters;
    }

    /// <summary>Sample <paramref name="index"/> (0-based) with one value per parameter; a parameter whose condition does not hold is left out.</summary>
    public static TrialPlan Plan(IReadOnlyList<RandomParameter> parameters, IReadOnlyList<JsonNode?> values, JsonObject baseTree, int index)
    {
        var tree = (JsonObject)baseTree.DeepClone();
        var overrides = new List<Override>();
        for (var p = 0; p < parameters.Count; p++)
        {
            var (path, _, when, origin) = parameters[p];
            if (!when.All(w => JsonNode.DeepEquals(SpecPath.Get(tree, w.Key), w.Value)))
                continue;
            SpecPath.Set(tree, path, values[p]);
            overrides.Add(new Override(path, values[p], origin));
        }
        return new TrialPlan($"sample {index + 1}", overrides);
    }
}

/// <summary>One searched parameter: where it goes, how it is drawn, when it applies, and where the file says so.</summary>
internal sealed record RandomParameter(string Path, Distribution Draw, IReadOnlyDictionary<string, JsonNode?> When, string Origin);

/// <summary>One random parameter's distribution.</summary>
internal sealed record Distribution(string Kind, IReadOnlyList<JsonNode?> Arguments)
{
    public static Distribution? Parse(JsonNode? node, out IReadOnlyDictionary<string, JsonNode?> when)
    {
        when = new Dictionary<string, JsonNode?>();
        if (node is not JsonObject obj)
            return null;
        if (obj.ContainsKey("when"))
        {
            if (obj["when"] is not JsonObject condition)
                return null;
            when = condition.ToDictionary(c => SpecPath.Normalize(c.Key), c => c.Value);
        }
        var kinds = obj.Where(p => p.Key != "when").ToList();
        if (kinds.Count != 1 || kinds[0].Value is not JsonArray arguments)
            return null;
        var kind = kinds[0].Key;
        var ok = kind switch
        {
            "choice" => arguments.Count > 0,
            "uniform" or "loguniform" or "int" => arguments.Count == 2 && arguments.All(a => Number(a) is not null)
                && Number(arguments[0]) < Number(arguments[1]) && (kind != "loguniform" || Number(arguments[0]) > 0)
                && (kind != "int" || arguments.All(a => a is JsonValue v && v.TryGetValue<long>(out _))),
            _ => false,
        };
        return ok ? new Distribution(kind, [.. arguments]) : null;
    }

    /// <param name="u">A point of [0, 1): the distribution's quantile to take.</param>
    public JsonNode? Sample(double u)
    {
        if (Kind == "choice")
            return Arguments[(int)(u * Arguments.Count)]?.DeepClone();
        double low = Number(Arguments[0])!.Value, high = Number(Arguments[1])!.Value;
        return Kind switch
        {
            "uniform" => JsonValue.Create(low + u * (high - low)),
            "loguniform" => JsonValue.Create(Math.Exp(Math.Log(low) + u * (Math.Log(high) - Math.Log(low)))),
            _ => JsonValue.Create((long)Math.Floor(low + u * (high - low + 1))),
        };
    }

    /// <summary>
    /// The values this distribution can reach at its ends, each with a note saying which: every choice;
    /// low and high for int; low and, for uniform and loguniform, the largest number below high (draws
    /// come as close as that), or high itself when <paramref name="closed"/> (PBT's perturbation clamps to it).
    /// </summary>
    public IEnumerable<(JsonNode? Value, string End)> Ends(bool closed)
    {
        var bounds = $"{Kind} [{string.Join(", ", Arguments.Select(a => a?.ToJsonString()))}]";
        if (Kind == "choice")
        {
            foreach (var choice in Arguments)
                yield return (choice?.DeepClone(), $"a choice of {bounds}");
            yield break;
        }
        yield return (Arguments[0]?.DeepClone(), $"the low end of {bounds}");
        yield return (closed || Kind == "int" ? Arguments[1]?.DeepClone() : JsonValue.Create(Math.BitDecrement(Number(Arguments[1])!.Value)), $"the high end of {bounds}");
    }

    /// <summary>The distribution as TPE models it: a range in its own scale, or a number of choices.</summary>
    public SearchDimension Dimension()
    {
        if (Kind == "choice")
            return SearchDimension.Choice(Arguments.Count);
        double low = Number(Arguments[0])!.Value, high = Number(Arguments[1])!.Value;
        return new SearchDimension(Kind switch { "uniform" => DimensionKind.Uniform, "loguniform" => DimensionKind.LogUniform, _ => DimensionKind.Integer }, low, high);
    }

    /// <summary>A value of <see cref="Dimension"/> (a choice's index, or a number) as the sweep file writes it.</summary>
    public JsonNode? FromDimension(double value) => Kind switch
    {
        "choice" => Arguments[(int)value]?.DeepClone(),
        "int" => JsonValue.Create((long)value),
        _ => JsonValue.Create(value),
    };

    /// <summary>A trial's value as a point of <see cref="Dimension"/>; null when it is not one this distribution draws.</summary>
    public double? ToDimension(JsonNode? value)
    {
        if (Kind != "choice")
            return Number(value);
        var at = Arguments.ToList().FindIndex(a => JsonNode.DeepEquals(a, value));
        return at < 0 ? null : at;
    }

    /// <summary>PBT's explore step: a number times <paramref name="factor"/> within the bounds; a choice moves one place up (factor above 1) or down.</summary>
    public JsonNode? Perturb(JsonNode current, double factor)
    {
        if (Kind == "choice")
        {
            var at = Arguments.ToList().FindIndex(a => JsonNode.DeepEquals(a, current));
            return at < 0 ? current.DeepClone() : Arguments[Math.Clamp(at + (factor > 1 ? 1 : -1), 0, Arguments.Count - 1)]?.DeepClone();
        }
        if (Number(current) is not { } number)
            return current.DeepClone();
        double low = Number(Arguments[0])!.Value, high = Number(Arguments[1])!.Value;
        var value = Math.Clamp(number * factor, low, high);
        return Kind == "int" ? JsonValue.Create((long)Math.Round(value)) : JsonValue.Create(value);
    }

    private static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var whole) => whole,
        JsonValue v when v.TryGetValue<double>(out var real) => real,
        _ => null,
    };
}
