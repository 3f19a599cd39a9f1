using System.Buffers.Binary;
using System.IO.Compression;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>The IDX format of MNIST and Fashion-MNIST, gzip-compressed or raw (detected by content).</summary>
internal static class IdxFile
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <summary>Reads an idx3 image file: count, rows, columns, then one unsigned byte per pixel.</summary>
    public static (int Count, int Rows, int Columns, byte[] Pixels) ReadImages(string path)
    {
        var bytes = ReadMaybeGzip(path);
        var header = ReadHeader(path, bytes, ImagesMagic, "idx3 images", headerLength: 16);
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var columns = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (rows < 1 || columns < 1)
            throw new DatasetException($"{path}: image size {rows}x{columns} in the header is not positive.");
        var payload = CheckLength(path, bytes, 16, (long)header * rows * columns, $"{header} images of {rows}x{columns}");
        return (header, rows, columns, payload);
    }

    /// <summary>Reads an idx1 label file: count, then one unsigned byte per label.</summary>
    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadMaybeGzip(path);
        var count = ReadHeader(path, bytes, LabelsMagic, "idx1 labels", headerLength: 8);
        return CheckLength(path, bytes, 8, count, $"{count} labels");
    }

    private static int ReadHeader(string path, byte[] bytes, int magic, string kind, int headerLength)
    {
        if (bytes.Length < headerLength)
            throw new DatasetException($"{path}: {bytes.Length} bytes is shorter than the {headerLength}-byte {kind} header (truncated file).");
        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new DatasetException($"{path}: magic number 0x{found:X8} is not 0x{magic:X8} ({kind}).");
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (count < 0)
            throw new DatasetException($"{path}: item count {count} in the header is negative.");
        return count;
    }

    private static byte[] CheckLength(string path, byte[] bytes, int offset, long expected, string what)
    {
        var actual = bytes.LongLength - offset;
        if (actual < expected)
            throw new DatasetException($"{path}: truncated: the header announces {what} ({expected} bytes) but only {actual} follow.");
        if (actual > expected)
            throw new DatasetException($"{path}: {actual - expected} unexpected bytes after the {what} the header announces.");
        return bytes[offset..];
    }

    private static byte[] ReadMaybeGzip(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var first = new byte[2];
            var isGzip = file.Read(first) == 2 && first[0] == 0x1f && first[1] == 0x8b;
            file.Position = 0;
            using var buffer = new MemoryStream();
            if (isGzip)
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                gzip.CopyTo(buffer);
            }
            else
            {
                file.CopyTo(buffer);
            }
            return buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{path}: corrupt gzip data ({e.Message}).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new DatasetException($"{path}: the gzip stream ends early (truncated file).", e);
        }
    }
}
