using SweepCluster.Coordinator.Ownership;

namespace SweepCluster.Coordinator.Tests.Persistence;

/// <summary>What every store's sweep lock must do, whatever holds it (a file lock, an advisory lock).</summary>
public static class SweepLockAssertions
{
    public static void ExclusivePerSweepUntilReleased(string database)
    {
        using (var held = SweepLock.TryAcquire(database, "s"))
        {
            Assert.NotNull(held);
            Assert.Null(SweepLock.TryAcquire(database, "s"));
            using var other = SweepLock.TryAcquire(database, "other");
            Assert.NotNull(other);
        }
        using var again = SweepLock.TryAcquire(database, "s");
        Assert.NotNull(again);
    }

    /// <summary>The lock an actor takes asynchronously is the same lock: it excludes, and is excluded by, the one taken synchronously.</summary>
    public static async Task TakenAsynchronouslyIsTheSameLock(string database)
    {
        using (var held = await SweepLock.TryAcquireAsync(database, "s"))
        {
            Assert.NotNull(held);
            Assert.Null(SweepLock.TryAcquire(database, "s"));
            Assert.Null(await SweepLock.TryAcquireAsync(database, "s"));
            using var other = await SweepLock.TryAcquireAsync(database, "other");
            Assert.NotNull(other);
        }
        using (var sync = SweepLock.TryAcquire(database, "s"))
            Assert.Null(await SweepLock.TryAcquireAsync(database, "s"));
        using var again = await SweepLock.TryAcquireAsync(database, "s");
        Assert.NotNull(again);
    }
}
