namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Images as N x C x H x W floats in [0, 1] with integer labels: the one form every source produces
/// and training consumes. Validated on construction and never mutated, so trials can share it.
/// </summary>
public sealed class ImageDataset
{
    private readonly float[] _pixels;
    private readonly int[] _labels;

    public ImageDataset(float[] pixels, int[] labels, int channels, int height, int width, IReadOnlyList<string> classNames)
    {
        Check(pixels, labels, channels, height, width, classNames);
        (_pixels, _labels, Channels, Height, Width, ClassNames) = (pixels, labels, channels, height, width, classNames);
    }

    /// <summary>Images cut from <paramref name="from"/>, which was checked on construction: its checks hold for them, so none is repeated.</summary>
    private ImageDataset(ImageDataset from, float[] pixels, int[] labels) =>
        (_pixels, _labels, Channels, Height, Width, ClassNames) = (pixels, labels, from.Channels, from.Height, from.Width, from.ClassNames);

    private static void Check(float[] pixels, int[] labels, int channels, int height, int width, IReadOnlyList<string> classNames)
    {
        if (channels < 1 || height < 1 || width < 1)
            throw new ArgumentException($"Image shape {channels}x{height}x{width} must be positive in every dimension.");
        if (classNames.Count < 2)
            throw new ArgumentException($"A classification dataset needs at least 2 classes, got {classNames.Count}.");
        var imageSize = channels * height * width;
        if (pixels.Length != (long)labels.Length * imageSize)
        {
            throw new ArgumentException(
                $"{labels.Length} labels need {(long)labels.Length * imageSize} pixel values of {channels}x{height}x{width}, got {pixels.Length}.");
        }
        var badLabel = Array.FindIndex(labels, l => l < 0 || l >= classNames.Count);
        if (badLabel >= 0)
            throw new ArgumentException($"Label {labels[badLabel]} at index {badLabel} is outside 0..{classNames.Count - 1}.");
        var badPixel = Array.FindIndex(pixels, p => !(p >= 0f && p <= 1f));
        if (badPixel >= 0)
            throw new ArgumentException($"Pixel value {pixels[badPixel]} at flat index {badPixel} is outside [0, 1].");
    }

    public int Count => _labels.Length;

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int ImageSize => Channels * Height * Width;

    public IReadOnlyList<string> ClassNames { get; }

    public ReadOnlySpan<float> Pixels => _pixels;

    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Images per class, indexed by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassNames.Count];
        foreach (var label in _labels)
            counts[label]++;
        return counts;
    }

    /// <summary>A new dataset holding the images at <paramref name="indices"/>, in that order.</summary>
    public ImageDataset Select(IReadOnlyList<int> indices)
    {
        var size = ImageSize;
        var pixels = new float[(long)indices.Count * size];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            _pixels.AsSpan(indices[i] * size, size).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = _labels[indices[i]];
        }
        // Copies of checked images: the checks (40 ms a trial on 54,000 images) would only pass again.
        return new ImageDataset(this, pixels, labels);
    }
}
