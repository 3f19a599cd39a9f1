using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Analysis;

/// <summary>
/// Which varied parameters are numeric, log-sampled or categorical, as the sweep's search space
/// declares them: a range (uniform, int) is linear, loguniform is log, a listed set (choice, grid
/// values, ablation factors) is categorical. Read from what the submission recorded: the TPE or stage
/// design where there is one, else the search section of the submitted file's text (the design does
/// not keep a plain random search's distributions).
/// </summary>
public sealed class ParameterScales
{
    /// <summary>No search space known: numbers are linear, anything else categorical.</summary>
    public static readonly ParameterScales Unknown = new(new Dictionary<string, ParameterScale>());

    private readonly IReadOnlyDictionary<string, ParameterScale> _declared;

    private ParameterScales(IReadOnlyDictionary<string, ParameterScale> declared) => _declared = declared;

    /// <summary>The scales a submission declares; <see cref="Unknown"/> without one or when its file no longer reads.</summary>
    public static ParameterScales Of(SweepSubmitted? submission)
    {
        if (submission is null)
            return Unknown;
        if (submission.Design?.Sampler is { } tpe)
            return FromSearch(new JsonObject { ["parameters"] = tpe.Parameters.DeepClone() });
        if (submission.Design?.Stages is { } stages)
            return FromSearch(stages.Search);
        try
        {
            var (root, _) = YamlTree.Read(submission.File, submission.Source);
            return root?["search"] is JsonObject search ? FromSearch(search) : Unknown;
        }
        catch (SweepFileException)
        {
            return Unknown;
        }
    }

    /// <summary>The scales a search section (or a stage of one) declares, its stages included.</summary>
    public static ParameterScales FromSearch(JsonObject search)
    {
        var declared = new Dictionary<string, ParameterScale>();
        Declare(search, declared);
        return new ParameterScales(declared);
    }

    /// <summary>
    /// The scale of <paramref name="path"/> given the values trials took: its declaration, except that
    /// values which are not all numbers are categorical whatever was declared.
    /// </summary>
    public ParameterScale Of(string path, IEnumerable<JsonNode?> values)
    {
        if (!values.All(v => Number(v) is not null))
            return ParameterScale.Categorical;
        return _declared.TryGetValue(SpecPath.Normalize(path), out var scale) ? scale : ParameterScale.Linear;
    }

    /// <summary>Whether the search space draws <paramref name="path"/> log-uniformly.</summary>
    public bool IsLog(string path) => _declared.GetValueOrDefault(SpecPath.Normalize(path)) == ParameterScale.Log;

    /// <summary>A JSON number as a double; null for anything else.</summary>
    public static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) : null;

    private static void Declare(JsonObject search, Dictionary<string, ParameterScale> declared)
    {
        foreach (var section in new[] { "parameters", "factors" })
        {
            if (search[section] is not JsonObject parameters)
                continue;
            foreach (var (path, node) in parameters)
            {
                var scale = node switch
                {
                    JsonObject d when d.ContainsKey("loguniform") => ParameterScale.Log,
                    JsonObject d when d.ContainsKey("uniform") || d.ContainsKey("int") => ParameterScale.Linear,
                    _ => ParameterScale.Categorical,
                };
                // A path drawn log-uniformly anywhere (one stage) is read in log space everywhere.
                var key = SpecPath.Normalize(path);
                if (!declared.ContainsKey(key) || scale == ParameterScale.Log)
                    declared[key] = scale;
            }
        }
        if (search["stages"] is JsonArray stages)
        {
            foreach (var stage in stages.OfType<JsonObject>())
                Declare(stage, declared);
        }
    }
}
