using SkiaSharp;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Decodes PNG and JPEG files with Skia into channel-planar bytes (all R, then all G, then all B).
/// Alpha is dropped, not composited: the stored colour of each pixel is kept, as PIL's convert('RGB')
/// (torchvision's ImageFolder loader) does, so a folder yields the same pixels here as in PyTorch.
/// Colour profiles and EXIF orientation are not applied, also as PIL does by default.
/// </summary>
public static class ImageDecoder
{
    // Linear filtering between linearly blended mipmap levels: every source pixel contributes when
    // shrinking by a large factor (plain linear or cubic sampling skips most of them and aliases fine
    // detail), close to the antialiased bilinear resize torchvision's Resize does by default.
    private static readonly SKSamplingOptions Resampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>16384 x 16384: beyond any image a CNN is trained on, well within a node's memory.</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>The image's size from its header, without decoding pixels.</summary>
    public static (int Height, int Width) Probe(string path)
    {
        using var codec = OpenCodec(path);
        return (codec.Info.Height, codec.Info.Width);
    }

    /// <summary>
    /// Decodes into <paramref name="destination"/>, <c>channels * height * width</c> bytes: RGB for 3
    /// channels; for 1, luminance 0.299 R + 0.587 G + 0.114 B rounded (ITU-R 601, computed exactly as PIL's convert('L')).
    /// </summary>
    /// <param name="resize">Stretch to height x width when the image differs; when false such an image is an error.</param>
    public static void Decode(string path, int channels, int height, int width, bool resize, Span<byte> destination)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images decode to 1 (grayscale) or 3 (RGB) channels.");
        if (destination.Length != channels * height * width)
            throw new ArgumentException($"Destination holds {destination.Length} bytes; {channels}x{height}x{width} needs {channels * height * width}.");

        using var codec = OpenCodec(path);
        var (sourceHeight, sourceWidth) = (codec.Info.Height, codec.Info.Width);
        if ((sourceHeight, sourceWidth) != (height, width) && !resize)
        {
            throw new DatasetException(
                $"{path}: image is {sourceHeight}x{sourceWidth} (height x width), expected {height}x{width} like the dataset's other images; " +
                "set size in the sweep file's dataset section to resize every image to one size.");
        }
        var rgba = DecodeRgba(codec, path);
        if ((sourceHeight, sourceWidth) != (height, width))
            rgba = Scale(path, rgba, sourceHeight, sourceWidth, height, width);
        ToPlanar(rgba, channels, destination);
    }

    private static SKCodec OpenCodec(string path)
    {
        var file = DatasetFile.OpenRead(path);
        var codec = SKCodec.Create(file, out var result);
        if (codec is null)
        {
            file.Dispose();
            throw new DatasetException($"{path}: not a decodable PNG or JPEG image (Skia: {result}); the file is corrupt or of another format.");
        }
        // A header may claim any size: a few bytes of PNG must not make a node allocate gigabytes.
        var (height, width) = (codec.Info.Height, codec.Info.Width);
        if ((long)width * height > MaxPixels)
        {
            codec.Dispose();
            throw new DatasetException($"{path}: image of {height}x{width} pixels; images of more than {MaxPixels:N0} pixels are refused (resize them first).");
        }
        return codec;
    }

    /// <summary>The stored colours as RGBA bytes, alpha set opaque so that resizing does not weigh colours by it.</summary>
    private static byte[] DecodeRgba(SKCodec codec, string path)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        var result = codec.GetPixels(info, rgba);
        if (result != SKCodecResult.Success)
            throw new DatasetException($"{path}: the image data is truncated or corrupt (Skia: {result}); expected a complete PNG or JPEG file.");
        for (var i = 3; i < rgba.Length; i += 4)
            rgba[i] = 255;
        return rgba;
    }

    private static unsafe byte[] Scale(string path, byte[] rgba, int sourceHeight, int sourceWidth, int height, int width)
    {
        var scaled = new byte[height * width * 4];
        fixed (byte* from = rgba, to = scaled)
        {
            using var source = new SKPixmap(new SKImageInfo(sourceWidth, sourceHeight, SKColorType.Rgba8888, SKAlphaType.Opaque), (IntPtr)from);
            using var target = new SKPixmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), (IntPtr)to);
            if (!source.ScalePixels(target, Resampling))
                throw new DatasetException($"{path}: Skia could not resize the image from {sourceHeight}x{sourceWidth} to {height}x{width}.");
        }
        return scaled;
    }

    private static void ToPlanar(byte[] rgba, int channels, Span<byte> destination)
    {
        var pixels = rgba.Length / 4;
        for (var p = 0; p < pixels; p++)
        {
            var (r, g, b) = (rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2]);
            if (channels == 1)
            {
                // PIL's fixed-point ITU-R 601 weights (sum 65536, so gray stays gray), for the same bytes as convert('L').
                destination[p] = (byte)((19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16);
            }
            else
            {
                destination[p] = r;
                destination[pixels + p] = g;
                destination[2 * pixels + p] = b;
            }
        }
    }
}
