using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// One column per varied parameter, headed by the path's last segment (<c>learning_rate</c>), or by
/// as many trailing segments as tell it apart from the others (<c>blocks[0].filters</c>, <c>blocks[1].filters</c>).
/// </summary>
public sealed class ParameterColumns
{
    private ParameterColumns(IReadOnlyList<(string Path, string Header)> columns) => Columns = columns;

    public IReadOnlyList<(string Path, string Header)> Columns { get; }

    public static ParameterColumns Of(IEnumerable<string> paths)
    {
        var split = paths.Distinct().Select(p => (Path: p, Segments: p.Split('.'))).ToList();
        var taken = split.Select(_ => 1).ToArray();
        string Header(int i) => string.Join('.', split[i].Segments[^Math.Min(taken[i], split[i].Segments.Length)..]);
        // Lengthen colliding headers until every one is unique (whole paths always are).
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var group in Enumerable.Range(0, split.Count).GroupBy(Header).Where(g => g.Count() > 1))
            {
                foreach (var i in group.Where(i => taken[i] < split[i].Segments.Length))
                {
                    taken[i]++;
                    changed = true;
                }
            }
        }
        return new([.. split.Select((s, i) => (s.Path, Header(i)))]);
    }

    /// <summary>A parameter's value in a cell: numbers to 4 significant digits, strings bare, anything else as compact JSON.</summary>
    public static string Value(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Numbers.Significant(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
