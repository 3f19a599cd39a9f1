using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Decoded images kept on disk, keyed by what decided them (the files' fingerprint, size, colour and
/// part), so a node decodes a folder of images once, not once per trial or per process. A file that
/// does not read back whole is decoded again.
/// </summary>
public sealed class DecodedImages(string cacheDirectory)
{
    private const int Magic = 0x31434453; // "SDC1"

    public string PathOf(string key) =>
        Path.Combine(cacheDirectory, "decoded", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".bin");

    /// <summary>The images cached under <paramref name="key"/>, or decoded by <paramref name="decode"/> and cached (where the folder can be written).</summary>
    public (byte[] Pixels, int[] Labels) Get(string key, int imageSize, Func<(byte[] Pixels, int[] Labels)> decode)
    {
        var path = PathOf(key);
        if (TryRead(path, imageSize) is { } cached)
            return cached;
        var decoded = decode();
        TryWrite(path, imageSize, decoded);
        return decoded;
    }

    private static (byte[], int[])? TryRead(string path, int imageSize)
    {
        try
        {
            if (!File.Exists(path))
                return null;
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != Magic || reader.ReadInt32() != imageSize)
                return null;
            var count = reader.ReadInt32();
            if (count < 0 || reader.BaseStream.Length != 12 + 4L * count + (long)count * imageSize)
                return null;
            var labels = new int[count];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(labels.AsSpan()));
            var pixels = reader.ReadBytes(count * imageSize);
            return (pixels, labels);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void TryWrite(string path, int imageSize, (byte[] Pixels, int[] Labels) images) =>
        CacheFile.TryWrite(path, stream =>
        {
            using var writer = new BinaryWriter(stream);
            writer.Write(Magic);
            writer.Write(imageSize);
            writer.Write(images.Labels.Length);
            writer.Write(MemoryMarshal.AsBytes(images.Labels.AsSpan()));
            writer.Write(images.Pixels);
        });
}
