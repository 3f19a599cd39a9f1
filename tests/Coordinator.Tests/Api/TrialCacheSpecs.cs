using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class TrialCacheSpecs
{
    private int _reads;

    private Func<IReadOnlyList<TrialRecord>> Read() => () =>
    {
        Interlocked.Increment(ref _reads);
        Thread.Sleep(50); // long enough for concurrent callers to meet
        return [];
    };

    [Fact]
    public void A_sweep_is_read_again_only_when_its_offset_moved()
    {
        var cache = new TrialCache();

        cache.Get("a-0000000a", 10, Read());
        cache.Get("a-0000000a", 10, Read());
        cache.Get("a-0000000a", 11, Read());

        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task Concurrent_requests_at_one_offset_share_one_read()
    {
        var cache = new TrialCache();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => cache.Get("a-0000000a", 3, Read()))));

        Assert.Equal(1, _reads);
    }

    [Fact]
    public void Only_the_sweeps_last_asked_for_are_kept()
    {
        var cache = new TrialCache(capacity: 2);

        foreach (var sweep in new[] { "a-0000000a", "b-0000000b", "a-0000000a", "c-0000000c", "a-0000000a", "b-0000000b" })
            cache.Get(sweep, 1, Read());

        Assert.Equal(4, _reads); // a, b, c, then b again: c pushed it out
    }
}
