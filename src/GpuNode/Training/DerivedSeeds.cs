namespace SweepCluster.GpuNode.Training;

/// <summary>
/// Seeds derived from a trial's seed for each purpose. Epochs reseed their generators from (seed,
/// epoch, stream), so a trial resumed at epoch k draws exactly what an uninterrupted one would with
/// no generator state to checkpoint; fold k of a cross-validation gets an unrelated seed, where
/// seed + k would collide with the next repeat's seed.
/// </summary>
internal static class DerivedSeeds
{
    public const int Shuffle = 0;
    public const int Augmentation = 1;
    public const int Fold = 2;

    public static long For(long seed, int index, int stream)
    {
        // SplitMix64 finaliser: nearby inputs give unrelated seeds.
        var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(index * 3 + stream + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
