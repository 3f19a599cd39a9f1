using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SweepCluster.GpuNode.Runtime;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so was built with GCC 13 and needs GLIBCXX_3.4.32 for one
/// symbol it references but never calls; older libstdc++ (Debian 12, Ubuntu 22.04) stops at 3.4.30
/// and the library refuses to load. Marking that version need weak in a cached copy makes the loader
/// accept it. The package's own file is never touched.
/// </summary>
internal static class LibStdCxxCompatibility
{
    public const string Version = "GLIBCXX_3.4.32";

    /// <summary>True when <paramref name="library"/> strictly needs a version <paramref name="libStdCxx"/> lacks.</summary>
    public static bool NeedsPatch(ElfImage library, ElfImage libStdCxx) =>
        library.NeededVersions().Any(n => n.Name == Version && !n.IsWeak)
        && !libStdCxx.DefinedVersions().Contains(Version);

    /// <summary>The library's bytes with every need of <see cref="Version"/> marked weak.</summary>
    public static byte[] MarkVersionWeak(ElfImage library)
    {
        var bytes = library.CopyBytes();
        var needs = library.NeededVersions().Where(n => n.Name == Version).ToList();
        if (needs.Count == 0)
            throw new InvalidOperationException($"{library.Path} does not need {Version}; nothing to patch.");
        foreach (var need in needs)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(
                bytes.AsSpan((int)need.FlagsOffset, 2), (ushort)(need.Flags | VersionNeed.WeakFlag));
        }
        return bytes;
    }

    /// <summary>
    /// Path of a patched copy of <paramref name="library"/> under <paramref name="cacheDirectory"/>,
    /// keyed by the original's content hash; written once, atomically, so concurrent processes agree.
    /// </summary>
    public static string EnsurePatchedCopy(ElfImage library, string cacheDirectory)
    {
        var original = library.CopyBytes();
        var hash = Convert.ToHexStringLower(SHA256.HashData(original))[..16];
        var directory = Path.Combine(cacheDirectory, "libtorchsharp-" + hash);
        var target = Path.Combine(directory, Path.GetFileName(library.Path));
        if (File.Exists(target))
            return target;

        Directory.CreateDirectory(directory);
        var temporary = target + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temporary, MarkVersionWeak(library));
        File.Move(temporary, target, overwrite: true);
        return target;
    }

    /// <summary>The libstdc++ this process already uses (the .NET runtime links it), from /proc/self/maps.</summary>
    public static string? LoadedLibStdCxxPath() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6)
            .Select(fields => fields[5])
            .FirstOrDefault(path => Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));
}
