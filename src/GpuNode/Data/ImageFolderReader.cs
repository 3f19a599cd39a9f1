using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>Decodes many images at once into one N x C x H x W byte array, in parallel, in list order.</summary>
public static class ImageFolderReader
{
    /// <summary>
    /// Pixels as N x channels x height x width bytes, each image as <see cref="ImageDecoder.Decode"/> gives
    /// it, and the files' labels. An image that fails stops the read with its error, which names it.
    /// </summary>
    public static (byte[] Pixels, int[] Labels) Read(IReadOnlyList<ImageFile> files, int channels, int height, int width, bool resize)
    {
        var imageSize = channels * height * width;
        var total = (long)files.Count * imageSize;
        if (total > Array.MaxLength)
        {
            throw new DatasetException(
                $"{files[0].Path} and the other {files.Count - 1} images: {files.Count} images of {channels}x{height}x{width} are {total} bytes, " +
                $"more than one array holds ({Array.MaxLength}); set a smaller size in the sweep file's dataset section.");
        }
        var pixels = new byte[total];
        PerFile.For(files.Count, i => ImageDecoder.Decode(files[i].Path, channels, height, width, resize, pixels.AsSpan(i * imageSize, imageSize)));
        return (pixels, [.. files.Select(f => f.Label)]);
    }
}
