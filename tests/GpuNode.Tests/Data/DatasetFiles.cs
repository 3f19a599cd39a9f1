using System.Buffers.Binary;
using System.IO.Compression;

namespace SweepCluster.GpuNode.Tests.Data;

/// <summary>Writes small dataset files in the official formats, for loader tests.</summary>
internal static class DatasetFiles
{
    public static byte[] IdxImages(int count, int rows, int columns, Func<int, int, byte> pixel, int magic = 0x803)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 0; i < count; i++)
            for (var p = 0; p < rows * columns; p++)
                bytes[16 + i * rows * columns + p] = pixel(i, p);
        return bytes;
    }

    public static byte[] IdxLabels(IReadOnlyList<byte> labels, int magic = 0x801)
    {
        var bytes = new byte[8 + labels.Count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Count);
        for (var i = 0; i < labels.Count; i++)
            bytes[8 + i] = labels[i];
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(raw);
        return buffer.ToArray();
    }

    /// <summary>A CIFAR-10 binary batch: per record a label byte, then 1024 red, 1024 green, 1024 blue bytes.</summary>
    public static byte[] CifarBatch(IReadOnlyList<byte> labels, Func<int, int, byte> pixel)
    {
        const int record = 3073;
        var bytes = new byte[labels.Count * record];
        for (var r = 0; r < labels.Count; r++)
        {
            bytes[r * record] = labels[r];
            for (var p = 0; p < 3072; p++)
                bytes[r * record + 1 + p] = pixel(r, p);
        }
        return bytes;
    }
}
