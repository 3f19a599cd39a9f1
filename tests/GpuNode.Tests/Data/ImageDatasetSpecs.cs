using SweepCluster.GpuNode.Data;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class ImageDatasetSpecs
{
    private static readonly string[] TwoClasses = ["a", "b"];

    [Fact]
    public void Pixel_count_must_match_labels_and_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImageDataset(new float[7], [0, 1], 1, 2, 2, TwoClasses));

        Assert.Contains("2 labels need 8 pixel values of 1x2x2, got 7", error.Message);
    }

    [Fact]
    public void Labels_must_name_a_class()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImageDataset(new float[8], [0, 2], 1, 2, 2, TwoClasses));

        Assert.Contains("Label 2 at index 1 is outside 0..1", error.Message);
    }

    [Fact]
    public void Pixels_must_lie_in_the_unit_range()
    {
        var pixels = new float[8];
        pixels[3] = 1.5f;

        var error = Assert.Throws<ArgumentException>(() => new ImageDataset(pixels, [0, 1], 1, 2, 2, TwoClasses));

        Assert.Contains("Pixel value 1.5 at flat index 3", error.Message);
    }

    [Fact]
    public void Select_copies_the_chosen_images_in_order()
    {
        var set = new ImageDataset([0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], [0, 1, 1], 1, 1, 2, TwoClasses);

        var picked = set.Select([2, 0]);

        Assert.Equal([0.5f, 0.6f, 0.1f, 0.2f], picked.Pixels.ToArray());
        Assert.Equal([1, 0], picked.Labels.ToArray());
        Assert.Equal([1, 1], picked.ClassCounts());
    }
}
