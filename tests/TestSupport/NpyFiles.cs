using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SweepCluster.TestSupport;

/// <summary>Writes .npy and .npz bytes the way numpy.save and numpy.savez write them.</summary>
public static class NpyFiles
{
    /// <summary>
    /// A .npy file: magic, version, header length, then the header dict padded with spaces and a
    /// newline so the data starts at a multiple of 64 bytes.
    /// </summary>
    public static byte[] Npy(string descr, int[] shape, byte[] data, int version = 1, bool fortranOrder = false)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        return WithHeader($"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}", data, version);
    }

    /// <summary>A .npy file with any header text, for malformed headers.</summary>
    public static byte[] WithHeader(string dict, byte[] data, int version = 1)
    {
        var lengthBytes = version == 1 ? 2 : 4;
        var unpadded = 6 + 2 + lengthBytes + Encoding.UTF8.GetByteCount(dict) + 1;
        var header = Encoding.UTF8.GetBytes(dict + new string(' ', (64 - unpadded % 64) % 64) + "\n");
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([(byte)version, 0]);
        var length = new byte[lengthBytes];
        if (version == 1)
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        bytes.AddRange(length);
        bytes.AddRange(header);
        bytes.AddRange(data);
        return [.. bytes];
    }

    /// <summary>Values in the little-endian layout of a dtype code (u1, i2, f8, ...).</summary>
    public static byte[] As(string code, params double[] values) => code switch
    {
        "u1" => [.. values.Select(v => (byte)v)],
        "i1" => [.. values.Select(v => (byte)(sbyte)v)],
        "u2" => Encode(values, 2, (span, v) => BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)v)),
        "i2" => Encode(values, 2, (span, v) => BinaryPrimitives.WriteInt16LittleEndian(span, (short)v)),
        "u4" => Encode(values, 4, (span, v) => BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)v)),
        "i4" => Encode(values, 4, (span, v) => BinaryPrimitives.WriteInt32LittleEndian(span, (int)v)),
        "i8" => Encode(values, 8, (span, v) => BinaryPrimitives.WriteInt64LittleEndian(span, (long)v)),
        "f4" => Encode(values, 4, (span, v) => BinaryPrimitives.WriteSingleLittleEndian(span, (float)v)),
        "f8" => Encode(values, 8, (span, v) => BinaryPrimitives.WriteDoubleLittleEndian(span, v)),
        _ => throw new ArgumentException($"No test encoding for dtype code {code}."),
    };

    /// <summary>A .npz: a zip of name.npy members, stored (savez) or deflated (savez_compressed).</summary>
    public static byte[] Npz(CompressionLevel level, params (string Name, byte[] Npy)[] members)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
        {
            foreach (var (name, npy) in members)
            {
                using var entry = zip.CreateEntry(name + ".npy", level).Open();
                entry.Write(npy);
            }
        }
        return buffer.ToArray();
    }

    private delegate void Writer<in T>(Span<byte> destination, T value);

    private static byte[] Encode<T>(T[] values, int size, Writer<T> write)
    {
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
            write(bytes.AsSpan(i * size, size), values[i]);
        return bytes;
    }
}
