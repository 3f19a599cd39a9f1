namespace SweepCluster.GpuNode.Runtime;

/// <summary>What <see cref="TorchRuntime.Initialize"/> loaded and verified.</summary>
/// <param name="Device">The device training will use: "cpu" or "cuda".</param>
/// <param name="CudaDevices">CUDA devices visible (0 on a CPU-only build or machine).</param>
/// <param name="LibTorchVersion">The libtorch version TorchSharp was built for.</param>
/// <param name="NativeLibrary">The libLibTorchSharp actually loaded (a patched cached copy when needed).</param>
/// <param name="LibStdCxxPatched">True when the GLIBCXX compatibility patch was applied.</param>
/// <param name="LibraryDirectory">The external torch/lib folder in use, if any.</param>
public sealed record TorchRuntimeInfo(
    string Device,
    int CudaDevices,
    string LibTorchVersion,
    string NativeLibrary,
    bool LibStdCxxPatched,
    string? LibraryDirectory);
