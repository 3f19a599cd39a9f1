using SweepCluster.Messages;

namespace SweepCluster.GpuNode.Runtime;

/// <summary>How a process loads libtorch and picks its device.</summary>
/// <param name="Device">auto (CUDA when usable), cpu or cuda.</param>
/// <param name="LibraryDirectory">
/// An existing PyTorch installation's <c>torch/lib</c> folder to take libtorch from instead of the
/// TorchSharp package (for builds with <c>TorchBackend=external</c>).
/// </param>
/// <param name="CacheDirectory">Where patched native libraries are kept between runs.</param>
public sealed record TorchRuntimeOptions(DevicePreference Device, string? LibraryDirectory, string CacheDirectory)
{
    public static string DefaultCacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "sweepcluster");
    }
}
