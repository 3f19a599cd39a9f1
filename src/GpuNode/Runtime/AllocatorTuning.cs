using System.Runtime.InteropServices;

namespace SweepCluster.GpuNode.Runtime;

/// <summary>
/// libtorch allocates through glibc malloc. glibc serves large blocks (activations, batches) with
/// mmap and returns them at once, so every training step maps and unmaps the same memory; its
/// dynamic threshold adapts only slowly. Fixed thresholds keep such blocks in the heap: study A's
/// baseline at batch 256 trained 2.6x faster on the CPU (docs/benchmarks.md). This reaches the main
/// arena only: the launcher and the images also set GLIBC_TUNABLES with one arena before the process
/// starts, since slot threads allocate from secondary arenas, which mallopt from here did not tame.
/// </summary>
internal static partial class AllocatorTuning
{
    private const int TrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;   // M_MMAP_THRESHOLD

    // The values of GLIBC_TUNABLES=glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=536870912.
    private const int MmapBytes = 256 << 20;
    private const int TrimBytes = 512 << 20;

    /// <summary>Sets the thresholds unless the user chose their own through GLIBC_TUNABLES.</summary>
    public static bool Apply()
    {
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { Length: > 0 })
            return false;
        try
        {
            return Mallopt(MmapThreshold, MmapBytes) == 1 && Mallopt(TrimThreshold, TrimBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // not glibc (musl-based images): nothing to tune
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
