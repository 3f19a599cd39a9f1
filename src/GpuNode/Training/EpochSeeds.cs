namespace SweepCluster.GpuNode.Training;

/// <summary>
/// Every epoch draws from generators reseeded from (trial seed, epoch, stream): a trial resumed at
/// epoch k draws exactly what an uninterrupted one would, with no generator state to checkpoint.
/// </summary>
internal static class EpochSeeds
{
    public const int Shuffle = 0;
    public const int Augmentation = 1;

    public static long For(long seed, int epoch, int stream)
    {
        // SplitMix64 finaliser: nearby inputs give unrelated seeds.
        var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(epoch * 2 + stream + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
