using System.Globalization;
using System.Runtime.InteropServices;

namespace SweepCluster.GpuNode.Runtime;

/// <summary>A device's free and used memory as its driver or the kernel reports it, in bytes.</summary>
public sealed record MemoryReading(long Free, long Used);

/// <summary>
/// The training device's free and used memory. CUDA: NVML (libnvidia-ml, which every NVIDIA driver
/// installs), because TorchSharp 0.107 exposes no CUDA memory statistics. CPU: the kernel's
/// MemAvailable, and this process's resident set as used memory.
/// </summary>
public static partial class DeviceMemory
{
    private const string Nvml = "libnvidia-ml.so.1";

    /// <exception cref="InvalidOperationException">The device's memory cannot be read (no NVML on a CUDA machine, no /proc).</exception>
    public static MemoryReading Read(string device)
    {
        if (!device.StartsWith("cuda", StringComparison.Ordinal))
            return SystemMemory();
        var index = device.Contains(':') ? uint.Parse(device[(device.IndexOf(':') + 1)..], CultureInfo.InvariantCulture) : 0;
        try
        {
            Check(NvmlInit(), "nvmlInit_v2");
            Check(NvmlDeviceByIndex(index, out var handle), "nvmlDeviceGetHandleByIndex_v2");
            Check(NvmlMemoryInfo(handle, out var memory), "nvmlDeviceGetMemoryInfo");
            return new MemoryReading((long)memory.Free, (long)memory.Used);
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException($"Cannot read the memory of {device}: {Nvml} (NVIDIA's management library) did not load; give the node --memory-budget instead.", e);
        }
    }

    private static MemoryReading SystemMemory()
    {
        var meminfo = File.ReadAllLines("/proc/meminfo").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
        long Kilobytes(string text) => long.Parse(text.Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        return new MemoryReading(Kilobytes(meminfo["MemAvailable"]), Environment.WorkingSet);
    }

    private static void Check(int status, string call)
    {
        if (status != 0)
            throw new InvalidOperationException($"NVML's {call} failed with status {status}; give the node --memory-budget instead.");
    }

    [StructLayout(LayoutKind.Sequential)]
    // nvmlMemory_t: all three fields for its layout, though only free and used are read.
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [LibraryImport(Nvml, EntryPoint = "nvmlInit_v2")]
    private static partial int NvmlInit();

    [LibraryImport(Nvml, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    private static partial int NvmlDeviceByIndex(uint index, out IntPtr device);

    [LibraryImport(Nvml, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    private static partial int NvmlMemoryInfo(IntPtr device, out NvmlMemory memory);
}
