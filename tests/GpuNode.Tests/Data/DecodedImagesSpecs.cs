using SweepCluster.GpuNode.Data;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class DecodedImagesSpecs : IDisposable
{
    private readonly TemporaryFolder _cache = new("sweep-decoded-");

    public void Dispose() => _cache.Dispose();

    private static (byte[] Pixels, int[] Labels) Two() => ([1, 2, 3, 4, 5, 6, 7, 8], [0, 1]);

    [Fact]
    public void Images_are_decoded_once_and_read_back_from_disk_by_a_later_process()
    {
        var decodes = 0;
        (byte[], int[]) Decode()
        {
            decodes++;
            return Two();
        }

        var first = new DecodedImages(_cache.Path).Get("fingerprint|set", 4, Decode);
        var later = new DecodedImages(_cache.Path).Get("fingerprint|set", 4, Decode);

        Assert.Equal(1, decodes);
        Assert.Equal(first.Pixels, later.Pixels);
        Assert.Equal(first.Labels, later.Labels);
    }

    [Fact]
    public void A_cache_file_that_does_not_read_back_whole_is_decoded_again()
    {
        var images = new DecodedImages(_cache.Path);
        images.Get("key", 4, Two);
        var file = images.PathOf("key");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^3]);
        var decodes = 0;

        var again = images.Get("key", 4, () =>
        {
            decodes++;
            return Two();
        });

        Assert.Equal(1, decodes);
        Assert.Equal(Two().Pixels, again.Pixels);
    }

    [Fact]
    public void Another_key_or_image_size_is_another_entry()
    {
        var images = new DecodedImages(_cache.Path);
        images.Get("a", 4, Two);
        var decodes = 0;
        (byte[], int[]) Decode()
        {
            decodes++;
            return Two();
        }

        images.Get("b", 4, Decode);
        images.Get("a", 2, () => { decodes++; return ([1, 2, 3, 4], [0, 1]); });

        Assert.Equal(2, decodes);
    }
}
