using SweepCluster.GpuNode.Runtime;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Runtime;

public sealed class LibStdCxxCompatibilitySpecs : IDisposable
{
    private readonly TemporaryFolder _cache = new("sweep-elf-");

    private static readonly ElfImage Shipped =
        ElfImage.Read(NativeLibraryLocator.Find(NativeLibraryLocator.TorchSharpLibrary)!);

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void Patch_is_needed_exactly_when_the_system_libstdcxx_lacks_the_version()
    {
        var libStdCxx = ElfImage.Read(LibStdCxxCompatibility.LoadedLibStdCxxPath()!);
        var systemHasIt = libStdCxx.DefinedVersions().Contains(LibStdCxxCompatibility.Version);

        Assert.Equal(!systemHasIt, LibStdCxxCompatibility.NeedsPatch(Shipped, libStdCxx));
    }

    [Fact]
    public void Patched_copy_marks_only_the_glibcxx_need_weak()
    {
        var patched = ElfImage.Parse("patched", LibStdCxxCompatibility.MarkVersionWeak(Shipped));

        var before = Shipped.NeededVersions();
        var after = patched.NeededVersions();
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
            Assert.Equal(before[i].Name == LibStdCxxCompatibility.Version, after[i].IsWeak && !before[i].IsWeak);
        var changedBytes = Shipped.CopyBytes().Zip(patched.CopyBytes()).Count(p => p.First != p.Second);
        Assert.Equal(1, changedBytes);
    }

    [Fact]
    public void A_patched_library_needs_no_further_patch()
    {
        var patched = ElfImage.Parse("patched", LibStdCxxCompatibility.MarkVersionWeak(Shipped));
        var libStdCxx = ElfImage.Read(LibStdCxxCompatibility.LoadedLibStdCxxPath()!);

        Assert.False(LibStdCxxCompatibility.NeedsPatch(patched, libStdCxx));
    }

    [Fact]
    public void Cached_copy_is_written_once_and_reused()
    {
        var first = LibStdCxxCompatibility.EnsurePatchedCopy(Shipped, _cache.Path);
        var written = File.GetLastWriteTimeUtc(first);
        var second = LibStdCxxCompatibility.EnsurePatchedCopy(Shipped, _cache.Path);

        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
        Assert.StartsWith(_cache.Path, first);
        Assert.True(ElfImage.Read(first).NeededVersions().Single(n => n.Name == LibStdCxxCompatibility.Version).IsWeak);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(first)!, "*.tmp"));
    }
}
