using SweepCluster.Messages;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Coordinator.Configuration;

/// <summary>
/// Every setting with its default, bound from appsettings.json, then SWEEP_* environment variables,
/// then command-line options (highest). Serilog reads its own "Serilog" section.
/// </summary>
public sealed class SweepSettings
{
    public TorchSettings Torch { get; init; } = new();

    public DatasetSettings Datasets { get; init; } = new();

    public StoreSettings Store { get; init; } = new();

    public ClusterSettings Cluster { get; init; } = new();

    public CoordinatorOptions Coordinator { get; init; } = new();

    public NodeOptions Node { get; init; } = new();

    public SeqSettings Seq { get; init; } = new();

    public HttpSettings Http { get; init; } = new();

    public ApiSettings Api { get; init; } = new();

    public SweepFileSettings SweepFiles { get; init; } = new();
}

public sealed class HttpSettings
{
    /// <summary>Where coordinator and node processes serve /healthz/live, /healthz/ready and /metrics; off when unset.</summary>
    public int? Port { get; set; }
}

/// <summary>The coordinator's HTTP API (/api/v1): how clients outside the cluster submit, follow and query sweeps.</summary>
public sealed class ApiSettings
{
    /// <summary>Its port (a listener of the same Kestrel server as <see cref="HttpSettings.Port"/>); off when unset.</summary>
    public int? Port { get; set; }

    /// <summary>The address it listens on: this machine only by default; any other needs <see cref="TokenFile"/> or <see cref="Insecure"/>.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>A file holding the bearer token alone (a mounted secret); every API request must carry it when set.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Serve HTTPS with this PEM certificate (cert-manager's tls.crt); plain HTTP while unset.</summary>
    public string? Certificate { get; set; }

    /// <summary>The certificate's private key (PEM, unencrypted; tls.key); read from <see cref="Certificate"/> itself when unset.</summary>
    public string? Key { get; set; }

    /// <summary>Listen on a non-loopback address with no token: anyone who reaches it may submit and cancel sweeps.</summary>
    public bool Insecure { get; set; }
}

/// <summary>Structured logs to a Seq server, beside the console and file sinks; off while no server is set.</summary>
public sealed class SeqSettings
{
    /// <summary>The server's base URL (http://seq:5341).</summary>
    public string? ServerUrl { get; set; }

    /// <summary>An API key (env SWEEP_Seq__ApiKey); never on the command line, never printed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A file holding the API key alone (a mounted secret), read when <see cref="ApiKey"/> is unset.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Events wait on disk here until the server takes them, so an outage loses none (even across restarts).</summary>
    public string BufferDirectory { get; set; } = "logs/seq-buffer";
}

public sealed class ClusterSettings
{
    public TlsSettings Tls { get; init; } = new();
}

/// <summary>Mutual TLS for remoting: every member and client presents a certificate that the cluster's own CA signed.</summary>
public sealed class TlsSettings
{
    /// <summary>This process's certificate (PEM); TLS is off while it is unset.</summary>
    public string? Certificate { get; set; }

    /// <summary>The certificate's private key (PEM, unencrypted); read from <see cref="Certificate"/> itself when unset.</summary>
    public string? Key { get; set; }

    /// <summary>The cluster's CA certificate (PEM): peers are trusted only when it signed theirs.</summary>
    public string? Authority { get; set; }
}

public sealed class StoreSettings
{
    /// <summary>An SQLite file path, or a PostgreSQL connection string (Host=...;Database=...).</summary>
    public string Database { get; set; } = "sweeps.db";

    /// <summary>
    /// A file holding the PostgreSQL password alone (a mounted secret), added to <see cref="Database"/>.
    /// The other way is Npgsql's PGPASSWORD variable; never a password on the command line.
    /// </summary>
    public string? PasswordFile { get; set; }

    /// <summary>Where trials write their epoch and best checkpoints.</summary>
    public string Checkpoints { get; set; } = "checkpoints";
}

public sealed class TorchSettings
{
    /// <summary>auto (CUDA when usable), cpu or cuda.</summary>
    public DevicePreference Device { get; set; } = DevicePreference.Auto;

    /// <summary>A PyTorch install's torch/lib folder to load libtorch from (TorchBackend=external builds).</summary>
    public string? LibDirectory { get; set; }

    /// <summary>Where patched native libraries are cached; null means $XDG_CACHE_HOME/sweepcluster.</summary>
    public string? CacheDirectory { get; set; }

    public SweepCluster.GpuNode.Runtime.TorchRuntimeOptions RuntimeOptions() =>
        new(Device, LibDirectory, CacheDirectory ?? SweepCluster.GpuNode.Runtime.TorchRuntimeOptions.DefaultCacheDirectory());
}

/// <summary>
/// Where a node finds each dataset. In order: the sweep file's folder, this section's folder for the
/// name, ROOT/NAME when that folder exists, then the built-in default (Debian's Fashion-MNIST).
/// Relative folders resolve under <see cref="Root"/>, so a sweep file names a dataset by its place
/// on the mounted data volume, not by a path of the machine it was written on.
/// </summary>
public sealed class DatasetSettings
{
    /// <summary>The data root (a mounted volume, /data in the images); none by default.</summary>
    public string? Root { get; set; }

    /// <summary>Folder of the Fashion-MNIST IDX files; unset: ROOT/fashion-mnist when it exists, else Debian's folder.</summary>
    public string? FashionMnist { get; set; }

    /// <summary>Folder of the CIFAR-10 binary batches; unset: ROOT/cifar10 when it exists (it is not packaged; no default).</summary>
    public string? Cifar10 { get; set; }

    /// <summary>Where fingerprints and decoded images are kept (default: the user's cache folder, sweepcluster/datasets).</summary>
    public string? Cache { get; set; }

    /// <summary>This machine's datasets as these settings place them.</summary>
    public SweepCluster.GpuNode.Data.LocalDatasets Local() =>
        new(Folder, Cache ?? Path.Combine(SweepCluster.GpuNode.Runtime.TorchRuntimeOptions.DefaultCacheDirectory(), "datasets"));

    /// <summary>The folder to read dataset <paramref name="name"/> from, given the sweep file's <paramref name="path"/> (may be null); null when none is known, which the loader then reports.</summary>
    /// <exception cref="DatasetException">With a data root, the sweep file's path leads outside it.</exception>
    public string? Folder(string name, string? path) => Folder(name, path, Directory.Exists);

    public string? Folder(string name, string? path, Func<string, bool> exists)
    {
        if (path is not null && Root is not null)
            return UnderRoot(path);
        var given = path ?? Configured(name);
        if (given is not null)
            return Root is null ? given : Path.Combine(Root, given);
        if (Root is not null && exists(Path.Combine(Root, name)))
            return Path.Combine(Root, name);
        return Datasets.Find(name) == Datasets.FashionMnist ? SweepCluster.GpuNode.Data.FashionMnistSource.DefaultDirectory : null;
    }

    /// <summary>
    /// A sweep file's path under the data root, which it may not leave: a sweep file sent to a cluster's
    /// coordinator must not make it read (or tell the existence of) files elsewhere on its machines.
    /// </summary>
    private string UnderRoot(string path)
    {
        var root = Path.GetFullPath(Root!);
        var full = Path.GetFullPath(Path.Combine(root, path));
        var inside = full == root || full.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside
            ? full
            : throw new DatasetException($"dataset.path '{path}' leads outside the data root {root} (Datasets:Root); name a folder or file under it, relative to it.", field: "path");
    }

    private string? Configured(string name) => Datasets.Find(name) switch
    {
        { } d when d == Datasets.FashionMnist => FashionMnist,
        { } d when d == Datasets.Cifar10 => Cifar10,
        _ => null,
    };
}
