using SkiaSharp;
using SweepCluster.GpuNode.Data;

namespace DatasetDecode;

/// <summary>Writes images as a torchvision-style folder of grayscale PNG files, and checks decoded sets against the originals.</summary>
internal static class PngFolder
{
    /// <summary>The first <paramref name="count"/> images as <c>folder/class/NNNNN.png</c> (8-bit gray), in parallel.</summary>
    public static void Write(ImageDataset images, int count, string folder, IReadOnlyList<string> classFolders)
    {
        if (images.Channels != 1)
            throw new ArgumentException("Only grayscale sets are written.", nameof(images));
        foreach (var name in classFolders)
            Directory.CreateDirectory(Path.Combine(folder, name));
        var info = new SKImageInfo(images.Width, images.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        Parallel.For(0, count, () => new byte[images.ImageSize], (i, _, bytes) =>
        {
            var source = images.Pixels.Slice(i * images.ImageSize, images.ImageSize);
            for (var p = 0; p < bytes.Length; p++)
                bytes[p] = (byte)MathF.Round(source[p] * 255f);
            using var image = SKImage.FromPixelCopy(info, bytes, info.RowBytes);
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(Path.Combine(folder, classFolders[images.Labels[i]], $"{i:D5}.png"));
            png.SaveTo(file);
            return bytes;
        }, _ => { });
    }

    /// <summary>
    /// Whether <paramref name="decoded"/> holds exactly the first <paramref name="count"/> images of
    /// <paramref name="original"/> in the folder's order (by class, then by file name, i.e. index).
    /// </summary>
    public static bool SameImages(ImageDataset decoded, ImageDataset original, int count)
    {
        if (decoded.Count != count || decoded.ImageSize != original.ImageSize)
            return false;
        var order = Enumerable.Range(0, count).OrderBy(i => original.Labels[i]).ThenBy(i => i).ToArray();
        var size = original.ImageSize;
        for (var k = 0; k < count; k++)
        {
            if (decoded.Labels[k] != original.Labels[order[k]] ||
                !decoded.Pixels.Slice(k * size, size).SequenceEqual(original.Pixels.Slice(order[k] * size, size)))
                return false;
        }
        return true;
    }
}
