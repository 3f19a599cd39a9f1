using SweepCluster.GpuNode.Runtime;

namespace SweepCluster.GpuNode.Tests.Runtime;

public sealed class ElfImageSpecs
{
    private static ElfImage ShippedTorchSharp() =>
        ElfImage.Read(NativeLibraryLocator.Find(NativeLibraryLocator.TorchSharpLibrary)
            ?? throw new InvalidOperationException("the build output holds no libLibTorchSharp.so"));

    [Fact]
    public void Reads_the_libraries_libtorchsharp_links()
    {
        var needed = ShippedTorchSharp().NeededLibraries();

        Assert.Contains("libtorch.so", needed);
        Assert.Contains("libc10.so", needed);
        Assert.Contains("libstdc++.so.6", needed);
    }

    [Fact]
    public void Reads_the_glibcxx_version_libtorchsharp_needs_as_strict()
    {
        var need = Assert.Single(ShippedTorchSharp().NeededVersions(), n => n.Name == LibStdCxxCompatibility.Version);

        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void Reads_the_versions_the_loaded_libstdcxx_defines()
    {
        var libStdCxx = ElfImage.Read(LibStdCxxCompatibility.LoadedLibStdCxxPath()!);

        Assert.Contains("GLIBCXX_3.4", libStdCxx.DefinedVersions());
        Assert.Contains("CXXABI_1.3", libStdCxx.DefinedVersions());
    }

    [Fact]
    public void Rejects_a_file_that_is_not_elf()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfImage.Parse("notes.txt", "hello, not a library"u8.ToArray()));

        Assert.Contains("notes.txt is not an ELF file", error.Message);
    }
}
