using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class KnownShapesSpecs : IDisposable
{
    private readonly TemporaryFolder _cache = new("sweep-shapes-");

    public void Dispose() => _cache.Dispose();

    private static readonly DataShape Pets = new(ColorMode.Rgb, 32, 48, ["cat", "dog"], 80, 20, HasTestSet: false);

    [Fact]
    public void A_shape_is_read_once_and_a_later_process_finds_it_in_the_cache_folder()
    {
        var reads = 0;
        DataShape Read()
        {
            reads++;
            return Pets;
        }

        new KnownShapes(_cache.Path).Get("sha256:x|folder", Read);
        var later = new KnownShapes(_cache.Path).Get("sha256:x|folder", Read);

        Assert.Equal(1, reads);
        Assert.Equal((Pets.Color, Pets.Height, Pets.Width, Pets.TrainImages, Pets.TestImages, Pets.HasTestSet), (later.Color, later.Height, later.Width, later.TrainImages, later.TestImages, later.HasTestSet));
        Assert.Equal(Pets.Classes, later.Classes);
    }

    [Fact]
    public void A_damaged_cache_file_is_read_again_from_the_data()
    {
        new KnownShapes(_cache.Path).Get("key", () => Pets);
        foreach (var file in Directory.GetFiles(_cache.Path, "*.json", SearchOption.AllDirectories))
            File.WriteAllText(file, "{ not json");
        var reads = 0;

        new KnownShapes(_cache.Path).Get("key", () =>
        {
            reads++;
            return Pets;
        });

        Assert.Equal(1, reads);
    }
}
