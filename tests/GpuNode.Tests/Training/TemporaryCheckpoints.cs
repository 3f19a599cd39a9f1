namespace SweepCluster.GpuNode.Tests.Training;

internal sealed class TemporaryCheckpoints : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sweep-ckpt-").FullName;

    /// <summary>Removes the folder and whatever a test's damaged checkpoint left moved aside beside it.</summary>
    public void Dispose()
    {
        var parent = System.IO.Path.GetDirectoryName(Path)!;
        foreach (var folder in Directory.GetDirectories(parent, System.IO.Path.GetFileName(Path) + "*"))
            Directory.Delete(folder, recursive: true);
    }
}
