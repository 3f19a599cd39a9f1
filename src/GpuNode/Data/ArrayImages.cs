using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Image arrays as NumPy users keep them: N x H x W (grey), N x H x W x C (channels last, Keras) or
/// N x C x H x W (channels first, PyTorch), C being 1 or 3; uint8 in 0..255 or floats in [0, 1].
/// </summary>
public static class ArrayImages
{
    /// <summary>The image layout of an array of <paramref name="shape"/>.</summary>
    /// <exception cref="DatasetException">The shape is not one of the layouts above.</exception>
    public static (ColorMode Color, int Height, int Width, bool ChannelsLast) Layout(int[] shape, string source) => shape switch
    {
        [_, var h, var w] => (ColorMode.Grayscale, h, w, false),
        [_, var h, var w, 1 or 3] => (Color(shape[3]), h, w, true),
        [_, 1 or 3, var h, var w] => (Color(shape[1]), h, w, false),
        _ => throw new DatasetException(
            $"{source}: an image array of shape ({string.Join(", ", shape)}) is not N x H x W, N x H x W x C or N x C x H x W with C = 1 (grey) or 3 (RGB)."),
    };

    /// <summary>Pixels in [0, 1], channel-planar (N x C x H x W), as training takes them.</summary>
    /// <exception cref="DatasetException">Float pixels outside [0, 1], or an integer type other than uint8.</exception>
    public static float[] Pixels(NpyArray images)
    {
        var (color, height, width, channelsLast) = Layout(images.Shape, images.Source);
        var values = images.Type switch
        {
            NpyType.UInt8 => PixelScaling.ToUnitRange(images.ToBytes()),
            NpyType.Float32 or NpyType.Float64 => images.ToFloats(),
            _ => throw new DatasetException($"{images.Source}: images of type {images.Type.Descr()} are neither uint8 (0..255) nor float (0..1); save them with .astype('uint8') or as floats divided by 255."),
        };
        var outside = Array.FindIndex(values, v => !(v >= 0f && v <= 1f));
        if (outside >= 0)
        {
            throw new DatasetException(
                $"{images.Source}: float pixel {values[outside]} at flat index {outside} is outside [0, 1]; divide the images by 255 (or save them as uint8) before saving.");
        }
        var channels = color == ColorMode.Rgb ? 3 : 1;
        return channelsLast && channels > 1 ? ToPlanar(values, channels, height * width) : values;
    }

    private static ColorMode Color(int channels) => channels == 3 ? ColorMode.Rgb : ColorMode.Grayscale;

    private static float[] ToPlanar(float[] interleaved, int channels, int pixels)
    {
        var planar = new float[interleaved.Length];
        var image = channels * pixels;
        for (var n = 0; n < interleaved.Length / image; n++)
        {
            for (var p = 0; p < pixels; p++)
            {
                for (var c = 0; c < channels; c++)
                    planar[n * image + c * pixels + p] = interleaved[n * image + p * channels + c];
            }
        }
        return planar;
    }
}
