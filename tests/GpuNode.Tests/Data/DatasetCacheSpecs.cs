using SweepCluster.GpuNode.Data;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class DatasetCacheSpecs
{
    private sealed class CountingSource(string key, Func<DatasetParts> load) : IDatasetSource
    {
        public int Loads { get; private set; }

        public string Key => key;

        public DatasetParts Load()
        {
            Loads++;
            return load();
        }
    }

    private static DatasetParts Tiny()
    {
        var set = new ImageDataset(new float[8], [0, 1], 1, 2, 2, ["a", "b"]);
        return new DatasetParts("tiny", set, set);
    }

    [Fact]
    public void Loads_a_source_once_and_shares_the_instance()
    {
        var cache = new DatasetCache();
        var source = new CountingSource("tiny:/x", Tiny);

        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => cache.Get(source)).ToList();

        Assert.Equal(1, source.Loads);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void A_failed_load_is_retried_next_time()
    {
        var cache = new DatasetCache();
        var fail = true;
        var source = new CountingSource("tiny:/y", () => fail ? throw new DatasetException("not yet") : Tiny());

        Assert.Throws<DatasetException>(() => cache.Get(source));
        fail = false;

        Assert.Equal("tiny", cache.Get(source).Name);
        Assert.Equal(2, source.Loads);
    }
}
