using SweepCluster.GpuNode.Data;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class FashionMnistSourceSpecs(RealFashionMnist real) : IClassFixture<RealFashionMnist>
{
    [Fact]
    public void Real_training_set_has_60000_images_6000_per_class()
    {
        var train = real.Parts.Train;

        Assert.Equal(60_000, train.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.All(train.ClassCounts(), count => Assert.Equal(6_000, count));
    }

    [Fact]
    public void Real_test_set_has_10000_images_1000_per_class()
    {
        var test = real.Parts.Test;

        Assert.Equal(10_000, test.Count);
        Assert.All(test.ClassCounts(), count => Assert.Equal(1_000, count));
    }

    [Fact]
    public void Real_pixels_are_scaled_to_the_unit_range_and_labels_are_0_to_9()
    {
        var train = real.Parts.Train;

        Assert.Equal(0f, train.Pixels.ToArray().Min());
        Assert.Equal(1f, train.Pixels.ToArray().Max());
        Assert.Equal(Enumerable.Range(0, 10), train.Labels.ToArray().Distinct().Order());
        Assert.Equal("Ankle boot", train.ClassNames[9]);
    }

    [Fact]
    public void Reads_raw_idx_files_as_well_as_gzip()
    {
        using var folder = new TemporaryFolder("sweep-data-");
        byte[] labels = [3, 1, 4];
        folder.Write("train-images-idx3-ubyte", DatasetFiles.IdxImages(3, 2, 2, (i, p) => (byte)(i * 4 + p)));
        folder.Write("train-labels-idx1-ubyte", DatasetFiles.IdxLabels(labels));
        folder.Write("t10k-images-idx3-ubyte.gz", DatasetFiles.Gzip(DatasetFiles.IdxImages(1, 2, 2, (_, _) => 255)));
        folder.Write("t10k-labels-idx1-ubyte.gz", DatasetFiles.Gzip(DatasetFiles.IdxLabels([9])));

        var parts = new FashionMnistSource(folder.Path).Load();

        Assert.Equal([3, 1, 4], parts.Train.Labels.ToArray());
        Assert.Equal(5 / 255f, parts.Train.Pixels[5]);
        Assert.Equal((1, 2, 2), (parts.Test.Channels, parts.Test.Height, parts.Test.Width));
        Assert.All(parts.Test.Pixels.ToArray(), p => Assert.Equal(1f, p));
    }
}
