using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// Reads YAML into a JSON tree (YAML 1.2 core schema for plain scalars) and records where every
/// node was written. JSON because overrides, validation and canonical ids all work on one tree.
/// </summary>
public static partial class YamlTree
{
    /// <summary>Mappings and lists inside each other, the top level counting as one; real files use under ten.</summary>
    public const int MaxDepth = 64;

    /// <summary>512 KiB of UTF-8 text (the largest example is under 10 KB): what a cluster submission may carry, so a file that expands here also submits.</summary>
    public const int MaxBytes = 512 * 1024;

    public static (JsonNode? Root, SourceMap Map) Read(string file, string text)
    {
        YamlPreScan.Check(file, text);
        var map = new SourceMap(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var error = new SweepError(file, (int)e.Start.Line, (int)e.Start.Column, "(file)", "not valid YAML: " + e.Message);
            throw new SweepFileException([error]);
        }
        if (stream.Documents.Count == 0)
            throw new SweepFileException([new SweepError(file, 1, 1, "(file)", "the file is empty")]);
        return (new Converter(file, map).Convert(stream.Documents[0].RootNode, ""), map);
    }

    /// <summary>Walks the YAML graph; aliases make it a graph, so cycles and exponential "alias bombs" are refused.</summary>
    private sealed class Converter(string file, SourceMap map)
    {
        private const int MaxNodes = 100_000;
        private readonly HashSet<YamlNode> _open = new(ReferenceEqualityComparer.Instance);
        private int _nodes;

        public JsonNode? Convert(YamlNode node, string path)
        {
            map.Add(path, (int)node.Start.Line, (int)node.Start.Column);
            if (++_nodes > MaxNodes)
                throw Refuse(node, path, $"more than {MaxNodes} values after expanding aliases; a sweep file is never that large");
            if (!_open.Add(node))
                throw Refuse(node, path, "an alias refers to a node that contains it");
            try
            {
                return node switch
                {
                    YamlMappingNode mapping => Mapping(mapping, path),
                    YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select((child, i) => Convert(child, SpecPath.Index(path, i)))]),
                    _ => Scalar((YamlScalarNode)node),
                };
            }
            finally
            {
                _open.Remove(node);
            }
        }

        private JsonObject Mapping(YamlMappingNode mapping, string path)
        {
            var obj = new JsonObject();
            foreach (var (key, value) in mapping.Children)
            {
                if (key is not YamlScalarNode { Value: { } name })
                    throw Refuse(key, path, "a key must be plain text, not a list or a mapping");
                var child = SpecPath.Child(path, name);
                obj[name] = Convert(value, child);
                map.Add(child, (int)key.Start.Line, (int)key.Start.Column);
            }
            return obj;
        }

        private SweepFileException Refuse(YamlNode node, string path, string message) =>
            new([new SweepError(file, (int)node.Start.Line, (int)node.Start.Column, path.Length == 0 ? "(file)" : path, message)]);
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
            return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (text is "true" or "True" or "TRUE")
            return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE")
            return JsonValue.Create(false);
        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        // A number too large for a double (1e999) stays text, so validation refuses it instead of JSON choking on infinity.
        if (FloatPattern().IsMatch(text) && double.Parse(text, CultureInfo.InvariantCulture) is var real && double.IsFinite(real))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
