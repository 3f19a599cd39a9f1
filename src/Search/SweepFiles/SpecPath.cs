using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SweepCluster.Search.SweepFiles;

/// <summary>Dotted paths into a spec tree: <c>model.blocks[1].kernel</c>.</summary>
public static partial class SpecPath
{
    public static string Child(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }

    /// <summary>
    /// The bracket form of a path: <c>model.blocks.1.kernel</c> (which YAML flow mappings allow,
    /// since they reserve brackets) becomes <c>model.blocks[1].kernel</c>.
    /// </summary>
    public static string Normalize(string path) => DottedIndex().Replace(path, "[$1]");

    /// <summary>The path's steps: keys (string) and list positions (int); null when malformed.</summary>
    public static IReadOnlyList<object>? Parse(string path)
    {
        path = Normalize(path);
        if (!PathPattern().IsMatch(path))
            return null;
        var steps = new List<object>();
        foreach (Match step in StepPattern().Matches(path))
        {
            if (step.Groups["key"].Success)
                steps.Add(step.Groups["key"].Value);
            else if (int.TryParse(step.Groups["index"].Value, out var index))
                steps.Add(index);
            else
                return null;
        }
        return steps;
    }

    /// <summary>
    /// Sets the value at <paramref name="path"/> in <paramref name="root"/> (a key may be new, a list
    /// position must exist). Returns why it could not, or null when done.
    /// </summary>
    public static string? Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = Parse(path);
        if (steps is null)
            return "is not a path: write keys separated by dots, list positions in brackets (model.blocks[1].kernel)";
        JsonNode current = root;
        for (var i = 0; i < steps.Count; i++)
        {
            var last = i == steps.Count - 1;
            var walked = Describe(steps.Take(i));
            switch (steps[i], current)
            {
                case (string key, JsonObject obj):
                    if (last)
                    {
                        obj[key] = value?.DeepClone();
                        return null;
                    }
                    if (obj[key] is null && steps[i + 1] is string)
                        obj[key] = new JsonObject(); // a section the base leaves at its defaults; the schema check vets the key
                    if (obj[key] is not { } next)
                        return $"names nothing: {Child(walked, key)} is not set in the base";
                    current = next;
                    break;
                case (int index, JsonArray array):
                    if (index >= array.Count)
                        return $"names nothing: {walked} has {array.Count} entries (positions 0..{array.Count - 1})";
                    if (last)
                    {
                        array[index] = value?.DeepClone();
                        return null;
                    }
                    current = array[index]!;
                    break;
                default:
                    return $"names nothing: {(walked.Length == 0 ? "the file" : walked)} is not {(steps[i] is int ? "a list" : "a section")}";
            }
        }
        return null;
    }

    /// <summary>The value at <paramref name="path"/>, or null when it is unset or names nothing.</summary>
    public static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? current = root;
        foreach (var step in Parse(path) ?? [])
        {
            current = (step, current) switch
            {
                (string key, JsonObject obj) => obj[key],
                (int index, JsonArray array) when index < array.Count => array[index],
                _ => null,
            };
        }
        return current;
    }

    private static string Describe(IEnumerable<object> steps) =>
        steps.Aggregate("", (path, step) => step is int index ? Index(path, index) : Child(path, (string)step));

    [GeneratedRegex(@"\.([0-9]+)(?=\.|\[|$)")]
    private static partial Regex DottedIndex();

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*(\[[0-9]+\])*(\.[a-z_][a-z0-9_]*(\[[0-9]+\])*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"(?<key>[a-z_][a-z0-9_]*)|\[(?<index>[0-9]+)\]")]
    private static partial Regex StepPattern();
}
