using SkiaSharp;

namespace SweepCluster.GpuNode.Tests.Data;

/// <summary>Encodes small PNG and JPEG images with Skia, for image-folder tests.</summary>
internal static class ImageFiles
{
    public static byte[] Png(int height, int width, Func<int, int, (byte R, byte G, byte B)> pixel) =>
        Encode(Rgba(height, width, Opaque(pixel)), SKEncodedImageFormat.Png, 100);

    public static byte[] Jpeg(int height, int width, Func<int, int, (byte R, byte G, byte B)> pixel, int quality = 95) =>
        Encode(Rgba(height, width, Opaque(pixel)), SKEncodedImageFormat.Jpeg, quality);

    /// <summary>A PNG with an alpha channel; the colours are stored unpremultiplied, as PNG does.</summary>
    public static byte[] PngWithAlpha(int height, int width, Func<int, int, (byte R, byte G, byte B, byte A)> pixel) =>
        Encode(Rgba(height, width, pixel), SKEncodedImageFormat.Png, 100);

    /// <summary>A one-channel (grayscale) PNG.</summary>
    public static byte[] GrayPng(int height, int width, Func<int, int, byte> pixel)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.GetPixelSpan()[y * bitmap.RowBytes + x] = pixel(y, x);
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    private static Func<int, int, (byte, byte, byte, byte)> Opaque(Func<int, int, (byte R, byte G, byte B)> pixel) => (y, x) =>
    {
        var (r, g, b) = pixel(y, x);
        return (r, g, b, 255);
    };

    private static SKBitmap Rgba(int height, int width, Func<int, int, (byte R, byte G, byte B, byte A)> pixel)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var bytes = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = pixel(y, x);
                var at = y * bitmap.RowBytes + 4 * x;
                (bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]) = (r, g, b, a);
            }
        }
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using (bitmap)
        using (var data = bitmap.Encode(format, quality))
            return data.ToArray();
    }
}
