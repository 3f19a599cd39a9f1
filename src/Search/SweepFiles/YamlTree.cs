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
    public static (JsonNode? Root, SourceMap Map) Read(string file, string text)
    {
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
        return (Convert(stream.Documents[0].RootNode, "", map), map);
    }

    private static JsonNode? Convert(YamlNode node, string path, SourceMap map)
    {
        map.Add(path, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    var child = SpecPath.Child(path, name);
                    map.Add(child, (int)key.Start.Line, (int)key.Start.Column);
                    obj[name] = Convert(value, child, map);
                    map.Add(child, (int)key.Start.Line, (int)key.Start.Column);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                    array.Add(Convert(sequence.Children[i], SpecPath.Index(path, i), map));
                return array;
            default:
                return Scalar((YamlScalarNode)node);
        }
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
        if (FloatPattern().IsMatch(text))
            return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
