using System.Diagnostics;
using System.Globalization;
using k8s.Models;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Containers;

/// <summary>
/// Pods of deploy/k8s/base as podman containers on one network of their own: each with its own
/// address and DNS name (the coordinator also under its headless-Service name), volumes as folders
/// here, the API published on loopback as `kubectl port-forward` would. Removes all of it at the end.
/// </summary>
public sealed class ContainerCluster : IAsyncDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-containers-");
    private readonly List<string> _containers = [];
    private readonly string _subnet;

    public ContainerCluster()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        Network = "sweeptest-" + id;
        // A /24 of its own, so addresses can be fixed: a pod's IP does not change while it is cut off.
        _subnet = string.Create(CultureInfo.InvariantCulture, $"10.{90 + Random.Shared.Next(100)}.{Random.Shared.Next(250)}");
        ApiPort = Cli.SweepChildren.FreePort();
        TokenFile = Path.Combine(_folder.Path, "secrets", "sweep-api-token", "token");
    }

    public ManifestPods Manifests { get; } = new();

    public string Network { get; }

    public int ApiPort { get; }

    public string Api => $"http://127.0.0.1:{ApiPort}";

    /// <summary>The API's token, as the Secret sweep-api-token would hold it (written at start).</summary>
    public string TokenFile { get; }

    /// <summary>The coordinator's SQLite store, on a folder of this machine the test reads.</summary>
    public string Store => Path.Combine(_folder.Path, "store", "sweeps.db");

    public string Checkpoints => Path.Combine(_folder.Path, "claims", "sweep-checkpoints");

    public string Address(int host) => string.Create(CultureInfo.InvariantCulture, $"{_subnet}.{host}");

    public async Task Start()
    {
        await Podman.Run("network", "create", "--subnet", _subnet + ".0/24", Network);
        Directory.CreateDirectory(Path.GetDirectoryName(TokenFile)!);
        await File.WriteAllTextAsync(TokenFile, Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "\n");
        Directory.CreateDirectory(Path.GetDirectoryName(Store)!);
        await Chown(Path.GetDirectoryName(Store)!);
    }

    /// <summary>
    /// The coordinator pod sweep-coordinator-0 of the StatefulSet, its API published here. Its store
    /// is SQLite on a folder of this machine instead of the ConfigMap sweep-store's PostgreSQL (the
    /// one deviation from the manifests besides the image): one replica, and the test reads it.
    /// </summary>
    public Task<string> StartCoordinator() => Run(Manifests.Coordinator, "sweep-coordinator-0", ContainerImages.Sweep,
        new Dictionary<string, string?> { ["SWEEP_Store__Database"] = "/store/sweeps.db", ["SWEEP_Store__PasswordFile"] = null },
        ["--network-alias", "sweep-coordinator-0.sweep-coordinator", "-v", $"{Path.GetDirectoryName(Store)}:/store",
            "-p", $"127.0.0.1:{ApiPort}:{ManifestPods.Port(Manifests.Coordinator, "api")}"]);

    /// <summary>
    /// A GPU-node pod of the Deployment, named as a ReplicaSet names them, at a fixed address of the
    /// network. It runs the CPU image: the GPU image needs PyTorch with CUDA, which this machine lacks.
    /// </summary>
    public Task<string> StartNode(string podName, int host) => Run(Manifests.GpuNode, podName, ContainerImages.Sweep,
        new Dictionary<string, string?>(), ["--ip", Address(host)]);

    private async Task<string> Run(V1PodTemplateSpec pod, string podName, string image, IReadOnlyDictionary<string, string?> env, string[] extra)
    {
        var arguments = Manifests.RunArguments(pod, podName, image, env, volume => Folder(volume, podName), ["--network", Network, .. extra]);
        // Pods have fixed names: a run that was killed may have left one behind.
        await Podman.Try("rm", "-f", "-t", "0", podName);
        await Podman.Run([.. arguments]);
        _containers.Add(podName);
        return podName;
    }

    /// <summary>A pod volume as a folder here, owned by the pods' user as fsGroup would make it: emptyDirs per pod, claims and Secrets shared.</summary>
    private string Folder(V1Volume volume, string podName)
    {
        var folder = volume switch
        {
            { EmptyDir: not null } => Path.Combine(_folder.Path, "pods", podName, volume.Name),
            { PersistentVolumeClaim: { } claim } => Path.Combine(_folder.Path, "claims", claim.ClaimName),
            { Secret: { } secret } => Path.Combine(_folder.Path, "secrets", secret.SecretName),
            _ => throw new NotSupportedException($"volume {volume.Name}: the container specs map emptyDir, persistentVolumeClaim and secret volumes."),
        };
        Directory.CreateDirectory(folder);
        if (volume.Secret is { } s)
        {
            foreach (var (key, value) in Manifests.SecretFiles(s.SecretName) ?? new Dictionary<string, string>())
                File.WriteAllText(Path.Combine(folder, key), value);
        }
        Chown(folder).GetAwaiter().GetResult();
        return folder;
    }

    private static Task Chown(string folder) => Podman.Shell($"chown -R 1000:1000 '{folder}'", TimeSpan.FromSeconds(30));

    /// <summary>A `sweep` process on this machine (the client a user runs), talking to the published API with the token file.</summary>
    public static Process Client(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root(), "sweep")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    public async Task<string> Logs(string container) => (await Podman.Try("logs", "--tail", "60", container)).Errors;

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
            await Podman.Try("rm", "-f", "-t", "0", container);
        await Podman.Try("network", "rm", "-f", Network);
        _folder.Dispose();
    }
}
