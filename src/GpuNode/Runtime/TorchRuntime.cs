using System.Runtime.InteropServices;
using SweepCluster.Messages;
using TorchSharp;

namespace SweepCluster.GpuNode.Runtime;

/// <summary>
/// Loads libtorch once per process, applying the libstdc++ compatibility patch when this machine
/// needs it, and checks that the chosen device really computes.
/// </summary>
/// <remarks>
/// Libraries are preloaded by full path; TorchSharp's own later load by name then finds them by
/// their soname, so it uses our (possibly patched) copies without any change to TorchSharp.
/// </remarks>
public static class TorchRuntime
{
    // Load order matters: each library's DT_NEEDED entries must already be resident.
    private static readonly string[] LibTorchLoadOrder =
        ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];

    private static readonly Lock Gate = new();
    private static TorchRuntimeInfo? _loaded;

    public static TorchRuntimeInfo Initialize(TorchRuntimeOptions options)
    {
        var external = options.LibraryDirectory is null ? null : ValidateExternalLibTorch(options.LibraryDirectory);
        if (external is null && NativeLibraryLocator.Find("libtorch_cpu.so") is null)
        {
            throw new TorchRuntimeException(
                "This build carries no libtorch (TorchBackend=external, such as the GPU-node bundle): give --torch-lib / SWEEP_TORCH_LIB " +
                "a PyTorch install's torch/lib folder, e.g. $(python3 -c \"import torch,os;print(os.path.dirname(torch.__file__)+'/lib')\").");
        }
        lock (Gate)
        {
            _loaded ??= Load(options.Device, options.CacheDirectory, external);
            if (_loaded.LibraryDirectory != external)
            {
                throw new TorchRuntimeException(
                    $"libtorch is already loaded from {_loaded.LibraryDirectory ?? "the build"}; one process cannot switch to {external ?? "the build's own"}.");
            }
            return ForDevice(_loaded, options.Device);
        }
    }

    private static TorchRuntimeInfo Load(DevicePreference preference, string cacheDirectory, string? external)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            throw new TorchRuntimeException("SweepCluster's GPU node runs on Linux x64 only.");

        AllocatorTuning.Apply();
        if (external is not null)
            PreloadExternalLibTorch(external);
        var (nativeLibrary, patched) = PreloadTorchSharp(cacheDirectory, external is not null);
        var cuda = ShipsCuda(external) && TryInitializeCuda();
        var device = ChooseDevice(preference, cuda);
        VerifyComputes(device);
        return new TorchRuntimeInfo(
            device,
            cuda ? torch.cuda.device_count() : 0,
            torch.__version__,
            nativeLibrary,
            patched,
            external);
    }

    private static string ValidateExternalLibTorch(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(full, "libtorch.so")))
        {
            throw new TorchRuntimeException(
                $"--torch-lib / SWEEP_TORCH_LIB '{full}' holds no libtorch.so. Point it at a PyTorch install's " +
                "torch/lib folder, e.g. $(python3 -c \"import torch,os;print(os.path.dirname(torch.__file__)+'/lib')\").");
        }
        if (NativeLibraryLocator.Find("libtorch_cpu.so") is { } bundled)
        {
            throw new TorchRuntimeException(
                $"--torch-lib was given but this build bundles its own libtorch ({bundled}); two copies in one process " +
                "conflict. Build with -p:TorchBackend=external (see docs/torch-runtime.md).");
        }
        return full;
    }

    private static void PreloadExternalLibTorch(string directory)
    {
        foreach (var name in LibTorchLoadOrder)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
                LoadOrExplain(path);
        }
    }

    private static (string Path, bool Patched) PreloadTorchSharp(string cacheDirectory, bool externalLibTorch)
    {
        var shipped = NativeLibraryLocator.Find(NativeLibraryLocator.TorchSharpLibrary)
            ?? throw new TorchRuntimeException(
                $"{NativeLibraryLocator.TorchSharpLibrary} is not in {AppContext.BaseDirectory}: the build is missing its " +
                "TorchSharp native files (rebuild with ./sweep or dotnet build).");
        var library = ElfImage.Read(shipped);
        var libStdCxx = LibStdCxxCompatibility.LoadedLibStdCxxPath();
        var patch = libStdCxx is not null && LibStdCxxCompatibility.NeedsPatch(library, ElfImage.Read(libStdCxx));
        var toLoad = patch ? LibStdCxxCompatibility.EnsurePatchedCopy(library, cacheDirectory) : shipped;

        if (!externalLibTorch)
        {
            // A copy in the cache cannot find its siblings through $ORIGIN: load them from beside the original.
            var shippedDirectory = Path.GetDirectoryName(shipped)!;
            foreach (var name in LibTorchLoadOrder.Where(n => library.NeededLibraries().Contains(n)))
                LoadOrExplain(Path.Combine(shippedDirectory, name));
        }
        LoadOrExplain(toLoad);
        return (toLoad, patch);
    }

    private static bool ShipsCuda(string? externalDirectory) =>
        externalDirectory is not null
            ? File.Exists(Path.Combine(externalDirectory, "libtorch_cuda.so"))
            : NativeLibraryLocator.Find("libtorch_cuda.so") is not null;

    private static bool TryInitializeCuda()
    {
        torch.InitializeDeviceType(DeviceType.CUDA);
        return torch.cuda.is_available();
    }

    private static string ChooseDevice(DevicePreference preference, bool cudaAvailable) => preference switch
    {
        DevicePreference.Cpu => "cpu",
        DevicePreference.Cuda when cudaAvailable => "cuda",
        DevicePreference.Cuda => throw new TorchRuntimeException(
            "--device cuda was asked for but no CUDA device is usable: this build uses the CPU libtorch " +
            "(TorchBackend=cpu), or the driver sees no GPU. Use --device auto or cpu, or a CUDA build."),
        _ => cudaAvailable ? "cuda" : "cpu",
    };

    private static void VerifyComputes(string device)
    {
        torch.InitializeDeviceType(device == "cuda" ? DeviceType.CUDA : DeviceType.CPU);
        try
        {
            using var scope = torch.NewDisposeScope();
            var a = torch.arange(4, dtype: torch.float32, device: torch.device(device)).reshape(2, 2);
            var product = a.matmul(a).sum().cpu().item<float>();
            // [[0,1],[2,3]]^2 = [[2,3],[6,11]]: sums to 22.
            if (product != 22f)
                throw new TorchRuntimeException($"libtorch loaded but computed {product} instead of 22 on {device}.");
        }
        catch (ExternalException e)
        {
            throw new TorchRuntimeException($"libtorch loaded but a tensor operation failed on {device}: {e.Message}", e);
        }
    }

    private static TorchRuntimeInfo ForDevice(TorchRuntimeInfo loaded, DevicePreference preference)
    {
        var wanted = preference switch
        {
            DevicePreference.Cpu => "cpu",
            DevicePreference.Cuda => "cuda",
            _ => loaded.CudaDevices > 0 ? "cuda" : "cpu",
        };
        if (wanted == "cuda" && loaded.CudaDevices == 0)
            throw new TorchRuntimeException("--device cuda was asked for but this process loaded libtorch without CUDA.");
        return loaded with { Device = wanted };
    }

    private static void LoadOrExplain(string path)
    {
        try
        {
            NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchRuntimeException($"Could not load {path}: {e.Message}", e);
        }
    }
}
