using SweepCluster.Messages.Specs;
namespace SweepCluster.GpuNode.Data;

/// <summary>Maps numpy's dtype descriptors ('&lt;f4', '|u1', ...) to <see cref="NpyType"/> and back.</summary>
internal static class NpyTypes
{
    private static readonly Dictionary<string, NpyType> ByCode = new()
    {
        ["u1"] = NpyType.UInt8,
        ["i1"] = NpyType.Int8,
        ["u2"] = NpyType.UInt16,
        ["i2"] = NpyType.Int16,
        ["u4"] = NpyType.UInt32,
        ["i4"] = NpyType.Int32,
        ["i8"] = NpyType.Int64,
        ["f4"] = NpyType.Float32,
        ["f8"] = NpyType.Float64,
    };

    public static string Supported => "|u1, |i1, <u2, <i2, <u4, <i4, <i8, <f4, <f8";

    public static int ItemSize(this NpyType type) => type switch
    {
        NpyType.UInt8 or NpyType.Int8 => 1,
        NpyType.UInt16 or NpyType.Int16 => 2,
        NpyType.UInt32 or NpyType.Int32 or NpyType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The descriptor numpy writes for the type on a little-endian machine.</summary>
    public static string Descr(this NpyType type)
    {
        var code = ByCode.First(pair => pair.Value == type).Key;
        return (type.ItemSize() == 1 ? "|" : "<") + code;
    }

    /// <summary>
    /// Parses a descriptor. '=' (native) counts as little-endian: every platform .NET runs the node on
    /// (x64, arm64) is. '&gt;' is refused rather than swapped, so a file's bytes are used as they are.
    /// </summary>
    public static NpyType Parse(string descr, string source)
    {
        var order = descr.Length > 0 ? descr[0] : ' ';
        var code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        if (!ByCode.TryGetValue(code, out var type))
        {
            throw new DatasetException(
                $"{source}: dtype '{descr}' is not supported (object, string and other dtypes are not numbers a model can read); " +
                $"expected one of {Supported}; convert it in numpy, e.g. a.astype('<f4').");
        }
        if (order == '>' && type.ItemSize() > 1)
        {
            throw new DatasetException(
                $"{source}: dtype '{descr}' is big-endian; expected little-endian; save it as a.astype('{type.Descr()}').");
        }
        return type;
    }
}
