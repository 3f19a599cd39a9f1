namespace SweepCluster.GpuNode.Runtime;

/// <summary>Finds the native libraries a build ships (in the output folder or its runtimes/RID/native).</summary>
internal static class NativeLibraryLocator
{
    public const string TorchSharpLibrary = "libLibTorchSharp.so";

    public static IEnumerable<string> SearchDirectories()
    {
        var baseDirectory = AppContext.BaseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", "linux-x64", "native");
        yield return baseDirectory;
    }

    public static string? Find(string fileName) =>
        SearchDirectories().Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);
}
