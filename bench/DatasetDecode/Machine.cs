using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace DatasetDecode;

/// <summary>Facts about the machine and the process, for the results' header.</summary>
internal static class Machine
{
    public static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static string Describe() =>
        $"{Environment.ProcessorCount} cores ({Cpu()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
        $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC";

    public static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>The bytes the files under <paramref name="folder"/> hold, their number, and the disk space they take (du; -1 where du fails).</summary>
    public static (long Bytes, int Files, long OnDisk) Size(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
        return (files.Sum(), files.Count, DiskUsage(folder));
    }

    private static long DiskUsage(string folder)
    {
        try
        {
            using var du = Process.Start(new ProcessStartInfo("du", ["-s", "-B1", folder]) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (du is null)
                return -1;
            var output = du.StandardOutput.ReadToEnd();
            du.WaitForExit();
            return du.ExitCode == 0 && long.TryParse(output.Split('\t')[0], out var bytes) ? bytes : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
