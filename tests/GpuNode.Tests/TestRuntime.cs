using SweepCluster.GpuNode.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.GpuNode.Tests;

/// <summary>Loads libtorch (with the libstdc++ patch where needed) before a test touches TorchSharp.</summary>
internal static class TestRuntime
{
    public static void EnsureLoaded() =>
        TorchRuntime.Initialize(new TorchRuntimeOptions(DevicePreference.Cpu, null, TorchRuntimeOptions.DefaultCacheDirectory()));
}
