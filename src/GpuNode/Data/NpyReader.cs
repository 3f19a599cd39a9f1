using System.Buffers.Binary;
using System.Text;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Reads numpy's .npy format (versions 1.0, 2.0 and 3.0): the magic \x93NUMPY, a version, a
/// little-endian header length, a Python dict literal, then the data in C order.
/// </summary>
public static class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // numpy itself refuses headers over 10,000 bytes unless told otherwise; this only guards against garbage.
    private const int MaxHeaderLength = 1 << 20;

    private const string ExampleHeader = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 28, 28), }";

    /// <summary>Reads the header only, leaving <paramref name="stream"/> at the first data byte.</summary>
    /// <param name="source">Names the file in errors: its full path, or <c>archive.npz:member.npy</c>.</param>
    public static NpyHeader ReadHeader(Stream stream, string source)
    {
        var prefix = ReadUpTo(stream, 8);
        if (prefix.Length < Magic.Length || !prefix.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new DatasetException($"{source}: not a .npy file: it does not start with the magic bytes \\x93NUMPY that numpy.save writes.");
        if (prefix.Length < 8)
            throw new DatasetException($"{source}: truncated: the file ends inside the .npy version bytes.");
        var (major, minor) = (prefix[6], prefix[7]);
        if (major is not (1 or 2 or 3) || minor != 0)
            throw new DatasetException($"{source}: .npy format version {major}.{minor} is not supported; expected 1.0, 2.0 or 3.0.");

        var lengthBytes = ReadUpTo(stream, major == 1 ? 2 : 4);
        if (lengthBytes.Length < (major == 1 ? 2 : 4))
            throw new DatasetException($"{source}: truncated: the file ends inside the .npy header length.");
        var length = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (length > MaxHeaderLength)
            throw new DatasetException($"{source}: the .npy header length {length} is implausible (over {MaxHeaderLength} bytes); the file is corrupt.");
        var headerBytes = ReadUpTo(stream, (int)length);
        if (headerBytes.Length < length)
            throw new DatasetException($"{source}: truncated: the .npy header announces {length} bytes but only {headerBytes.Length} follow.");

        // Versions 1 and 2 write the header in latin-1, version 3 in UTF-8.
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return ParseHeader(text, source);
    }

    /// <summary>Reads a whole array: the header, then exactly the data it announces.</summary>
    public static NpyArray Read(Stream stream, string source)
    {
        var header = ReadHeader(stream, source);
        if (header.DataLength > Array.MaxLength)
        {
            throw new DatasetException(
                $"{source}: shape {header.ShapeText} of {header.Type.Descr()} is {header.DataLength} bytes, more than one array " +
                $"holds ({Array.MaxLength}); split it into several files.");
        }
        DatasetException Truncated(long found) => new(
            $"{source}: truncated: the header announces shape {header.ShapeText} of {header.Type.Descr()} ({header.DataLength} bytes) but only {found} follow.");
        // A header may announce any size: where the stream knows its length, a short file is refused before allocating.
        if (stream.CanSeek && stream.Length - stream.Position < header.DataLength)
            throw Truncated(stream.Length - stream.Position);
        var data = ReadUpTo(stream, (int)header.DataLength);
        if (data.Length < header.DataLength)
            throw Truncated(data.Length);
        if (stream.ReadByte() != -1)
        {
            throw new DatasetException(
                $"{source}: more bytes follow the {header.DataLength} bytes of shape {header.ShapeText} of {header.Type.Descr()} " +
                "the header announces; expected one array per file, as numpy.save writes it.");
        }
        return new NpyArray(source, header.Shape, header.Type, data);
    }

    public static NpyArray ReadFile(string path)
    {
        var full = Path.GetFullPath(path);
        using var stream = DatasetFile.OpenRead(full);
        return Read(stream, full);
    }

    private static NpyHeader ParseHeader(string text, string source)
    {
        Dictionary<string, object?> dict;
        try
        {
            dict = PythonLiteral.Parse(text) as Dictionary<string, object?>
                ?? throw new FormatException("the header is not a dict");
        }
        catch (FormatException e)
        {
            throw Malformed(source, e.Message);
        }
        string[] keys = ["descr", "fortran_order", "shape"];
        if (dict.Count != keys.Length || !keys.All(dict.ContainsKey))
            throw Malformed(source, $"its keys are {string.Join(", ", dict.Keys)} instead of descr, fortran_order, shape");

        if (dict["descr"] is not string descr)
        {
            throw new DatasetException(
                $"{source}: a structured dtype (a list of named fields) is not supported; " +
                $"expected a plain numeric array of one of {NpyTypes.Supported}.");
        }
        var type = NpyTypes.Parse(descr, source);
        if (dict["fortran_order"] is not bool fortran)
            throw Malformed(source, "fortran_order is not True or False");
        if (fortran)
        {
            throw new DatasetException(
                $"{source}: the array is stored in Fortran (column-major) order; expected C order; " +
                "save np.ascontiguousarray(a) instead.");
        }
        if (dict["shape"] is not List<object?> dimensions || dimensions.Any(d => d is not long))
            throw Malformed(source, "shape is not a tuple of integers");
        var shape = new int[dimensions.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            var dimension = (long)dimensions[i]!;
            if (dimension is < 0 or > int.MaxValue)
                throw Malformed(source, $"shape dimension {i} is {dimension}");
            shape[i] = (int)dimension;
        }
        return new NpyHeader(source, shape, type);
    }

    private static DatasetException Malformed(string source, string detail) =>
        new($"{source}: malformed .npy header ({detail}); expected a dict like {ExampleHeader}.");

    /// <summary>Reads <paramref name="count"/> bytes, or fewer where the stream ends first.</summary>
    private static byte[] ReadUpTo(Stream stream, int count)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return read == count ? buffer : buffer[..read];
    }
}
