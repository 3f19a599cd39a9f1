using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Data;

public sealed class DatasetCacheSpecs : IDisposable
{
    private readonly TemporaryFolder _data = new("sweep-data-");
    private readonly TemporaryFolder _cache = new("sweep-cache-");

    private sealed class CountingSource(string folder, Func<DatasetParts> load) : IDatasetSource
    {
        public int Loads { get; private set; }

        public string Key => "counting:" + folder;

        public string Location => folder;

        public IReadOnlyList<string> Files() => [.. Directory.EnumerateFiles(folder, "*.bin")];

        public DataShape Shape() => new(ColorMode.Grayscale, 2, 2, ["a", "b"], 2, 2, HasTestSet: true);

        public DatasetParts Load(DataManifest manifest)
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

    private DatasetCache Cache() => new(new FingerprintStore(_cache.Path));

    [Fact]
    public void Loads_a_source_once_and_shares_the_instance()
    {
        _data.Write("a.bin", [1, 2, 3]);
        var cache = Cache();
        var source = new CountingSource(_data.Path, Tiny);

        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => cache.Get(source, fingerprint: null)).ToList();

        Assert.Equal(1, source.Loads);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void A_failed_load_is_retried_next_time()
    {
        _data.Write("a.bin", [1, 2, 3]);
        var cache = Cache();
        var fail = true;
        var source = new CountingSource(_data.Path, () => fail ? throw new DatasetException("not yet") : Tiny());

        Assert.Throws<DatasetException>(() => cache.Get(source, fingerprint: null));
        fail = false;

        Assert.Equal("tiny", cache.Get(source, fingerprint: null).Name);
        Assert.Equal(2, source.Loads);
    }

    [Fact]
    public void Data_that_changed_since_its_fingerprint_was_recorded_is_refused_naming_the_file()
    {
        _data.Write("a.bin", [1, 2, 3]);
        _data.Write("b.bin", [4, 5, 6]);
        var store = new FingerprintStore(_cache.Path);
        var recorded = store.Of(_data.Path, [_data.File("a.bin"), _data.File("b.bin")]).Fingerprint;
        _data.Write("b.bin", [4, 5, 7]);
        var source = new CountingSource(_data.Path, Tiny);

        var error = Assert.Throws<DatasetException>(() => new DatasetCache(store).Get(source, recorded));

        Assert.Contains("1 file(s) changed (b.bin)", error.Message);
        Assert.Contains(DataManifest.Short(recorded), error.Message);
        Assert.Contains(ChangedData.AllowOption, error.Message);
        Assert.Equal(0, source.Loads);
    }

    [Fact]
    public void Data_with_its_recorded_fingerprint_loads()
    {
        _data.Write("a.bin", [1, 2, 3]);
        var store = new FingerprintStore(_cache.Path);
        var recorded = store.Of(_data.Path, [_data.File("a.bin")]).Fingerprint;

        Assert.Equal("tiny", new DatasetCache(store).Get(new CountingSource(_data.Path, Tiny), recorded).Name);
    }

    public void Dispose()
    {
        _data.Dispose();
        _cache.Dispose();
    }
}
