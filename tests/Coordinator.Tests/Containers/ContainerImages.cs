namespace SweepCluster.Coordinator.Tests.Containers;

/// <summary>
/// The images the container specs run, built once per run by scripts/images.sh on a Debian base made
/// here (LOCAL_BASE=1: public registries are out of reach), exactly as an operator builds them.
/// </summary>
public sealed class ContainerImages : IAsyncLifetime
{
    public const string Sweep = "localhost/sweepcluster/sweep:dev";
    public const string GpuNode = "localhost/sweepcluster/sweep-gpu-node:dev";

    /// <summary>What the build printed, for the record of the run.</summary>
    public string BuildLog { get; private set; } = "";

    public TimeSpan BuildTime { get; private set; }

    /// <summary>Each image's size as podman reports it, a line each.</summary>
    public string Sizes { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var started = DateTime.UtcNow;
        BuildLog = await Podman.Shell("LOCAL_BASE=1 scripts/images.sh", TimeSpan.FromMinutes(20));
        BuildTime = DateTime.UtcNow - started;
        Sizes = await Podman.Run("images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}", "--filter", "reference=localhost/sweepcluster/*");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ContainerCollection : ICollectionFixture<ContainerImages>
{
    public const string Name = "containers";
}
