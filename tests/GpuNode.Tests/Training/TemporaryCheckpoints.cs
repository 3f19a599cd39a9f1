namespace SweepCluster.GpuNode.Tests.Training;

internal sealed class TemporaryCheckpoints : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sweep-ckpt-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
