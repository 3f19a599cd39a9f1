using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// Checks a JSON tree against the C# spec types by reflection: unknown keys, wrong types, unknown
/// enum values, missing block types. Collects every problem instead of stopping at the first, and
/// needs no schema kept by hand beside the records.
/// </summary>
public sealed class SchemaValidator(SourceMap map)
{
    private readonly NullabilityInfoContext _nullability = new();
    private readonly List<SweepError> _errors = [];

    /// <summary>Every problem found by the calls to <see cref="Validate"/> so far.</summary>
    public IReadOnlyList<SweepError> Errors => _errors;

    public IReadOnlyList<SweepError> Validate(JsonNode? node, Type type, string path = "")
    {
        Check(node, type, path, nullable: false);
        return _errors;
    }

    private void Check(JsonNode? node, Type type, string path, bool nullable)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            type = inner;
            nullable = true;
        }
        if (node is null)
        {
            if (!nullable)
                Fail(path, $"must not be empty; expected {Describe(type)}");
            return;
        }
        if (type == typeof(JsonNode))
            return;
        if (type == typeof(int))
            Expect(IsWhole(node), path, node, $"a whole number up to {int.MaxValue}");
        else if (type == typeof(long))
            Expect(node is JsonValue v && v.TryGetValue<long>(out _), path, node, "a whole number");
        else if (type == typeof(double))
            Expect(node is JsonValue v && (v.TryGetValue<long>(out _) || v.TryGetValue<double>(out var d) && double.IsFinite(d)), path, node, "a finite number");
        else if (type == typeof(bool))
            Expect(node is JsonValue v && v.TryGetValue<bool>(out _), path, node, "true or false");
        else if (type == typeof(string))
            Expect(node is JsonValue v && v.TryGetValue<string>(out _), path, node, "text");
        else if (type.IsEnum)
            CheckEnum(node, type, path);
        else if (type == typeof(Kernel))
            Expect(IsWhole(node) || node is JsonArray { Count: 2 } pair && pair.All(IsWhole), path, node, "a kernel size n or [height, width]");
        else if (type == typeof(Padding))
            Expect(IsWhole(node) || node is JsonValue p && p.TryGetValue<string>(out var s) && s is "same" or "valid", path, node, "same, valid or a number of zeros");
        else if (Dictionary(type))
            Expect(node is JsonObject, path, node, "a mapping of paths to values");
        else if (ListElement(type) is { } element)
            CheckList(node, element, path);
        else if (type.IsAbstract)
            CheckPolymorphic(node, type, path);
        else
            CheckObject(node, type, path, skip: null);
    }

    private void CheckList(JsonNode node, Type element, string path)
    {
        if (node is not JsonArray array)
        {
            Fail(path, $"expected a list of {Describe(element)}, got {Show(node)}");
            return;
        }
        for (var i = 0; i < array.Count; i++)
            Check(array[i], element, SpecPath.Index(path, i), nullable: false);
    }

    private void CheckPolymorphic(JsonNode node, Type type, string path)
    {
        var derived = type.GetCustomAttributes<JsonDerivedTypeAttribute>()
            .ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType);
        var allowed = string.Join(", ", derived.Keys);
        if (node is not JsonObject obj)
        {
            Fail(path, $"expected a block ({allowed}), got {Show(node)}");
            return;
        }
        if (obj["type"] is not JsonValue value || !value.TryGetValue<string>(out var name))
        {
            Fail(path, $"needs 'type': one of {allowed}");
            return;
        }
        if (!derived.TryGetValue(name, out var concrete))
        {
            Fail(SpecPath.Child(path, "type"), $"unknown type '{name}'; expected one of {allowed}");
            return;
        }
        CheckObject(obj, concrete, path, skip: "type");
    }

    private void CheckObject(JsonNode node, Type type, string path, string? skip)
    {
        if (node is not JsonObject obj)
        {
            Fail(path, $"expected a section with keys ({string.Join(", ", Properties(type).Keys)}), got {Show(node)}");
            return;
        }
        var properties = Properties(type);
        foreach (var (key, value) in obj)
        {
            var child = SpecPath.Child(path, key);
            if (key == skip)
                continue;
            if (!properties.TryGetValue(key, out var property))
            {
                var hint = Closest(key, properties.Keys) is { } near ? $" (did you mean '{near}'?)" : "";
                Fail(child, $"unknown key '{key}'{hint}; allowed here: {string.Join(", ", properties.Keys)}");
                continue;
            }
            var nullable = !property.PropertyType.IsValueType && _nullability.Create(property).WriteState == NullabilityState.Nullable;
            Check(value, property.PropertyType, child, nullable);
        }
        foreach (var (key, property) in properties)
        {
            if (property.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>() is not null && !obj.ContainsKey(key))
                Fail(path, $"'{key}' is required");
        }
    }

    private void CheckEnum(JsonNode node, Type type, string path)
    {
        var names = EnumNames(type);
        if (node is JsonValue v && v.TryGetValue<string>(out var text) && names.Contains(text))
            return;
        Fail(path, $"expected one of {string.Join(", ", names)}, got {Show(node)}");
    }

    /// <summary>The names sweep files use for an enum's members (snake_case unless renamed).</summary>
    public static IReadOnlyList<string> EnumNames(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Name))
            .ToList();

    private static Dictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

    private static bool Dictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>);

    private static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>A whole number that fits the int fields of the specs.</summary>
    private static bool IsWhole(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) && n is >= int.MinValue and <= int.MaxValue;

    private void Expect(bool ok, string path, JsonNode node, string expected)
    {
        if (!ok)
            Fail(path, $"expected {expected}, got {Show(node)}");
    }

    private void Fail(string path, string message) => _errors.Add(map.Error(path, message));

    private static string Show(JsonNode node) => node switch
    {
        JsonObject => "a section",
        JsonArray => "a list",
        _ => $"'{node.ToJsonString().Trim('"')}'",
    };

    private static string Describe(Type type) =>
        type.IsEnum ? string.Join(" | ", EnumNames(type))
        : ListElement(type) is not null || type.IsArray ? "a list"
        : Dictionary(type) ? "a mapping"
        : JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name.Replace("Spec", ""));

    private static string? Closest(string key, IEnumerable<string> candidates) =>
        candidates.Select(c => (c, Distance: Levenshtein(key, c))).Where(x => x.Distance <= 2).OrderBy(x => x.Distance).Select(x => x.c).FirstOrDefault();

    private static int Levenshtein(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
