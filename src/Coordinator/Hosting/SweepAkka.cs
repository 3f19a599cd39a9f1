using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The one place that wires an actor system of ours, one concern per extension of Akka.Hosting's
/// builder: logging and serialization (every process), the event store (processes that persist),
/// cluster membership (coordinator and node processes).
/// </summary>
public static class SweepAkka
{
    /// <summary>
    /// Akka logs warnings and up through Serilog, shutdown is the host's to run (see
    /// <see cref="EventStore.QuietLogging"/>); the protocol's messages go through <see cref="SweepClusterSerializer"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithSweepProcess(this AkkaConfigurationBuilder builder) => builder
        .AddHocon(EventStore.QuietLogging, HoconAddMode.Prepend)
        .WithCustomSerializer("sweepcluster", [typeof(ISweepClusterMessage)], system => new SweepClusterSerializer(system));

    /// <summary>Journal, snapshots and queries in <paramref name="database"/> (see <see cref="EventStore.Configuration"/>).</summary>
    public static AkkaConfigurationBuilder WithSweepStore(this AkkaConfigurationBuilder builder, string database) =>
        builder.AddHocon(EventStore.Configuration(database), HoconAddMode.Append);

    /// <summary>
    /// A cluster member of <paramref name="role"/>: remoting bound to <paramref name="remoting"/>'s
    /// interface, large frames, mutual TLS when <paramref name="tls"/> is given (its certificate and
    /// validation through <see cref="ClusterTls.Setup"/>), the seeds, the split brain resolver and the
    /// failure detector of <see cref="ClusterConfig"/>.
    /// </summary>
    /// <param name="seeds">HOST:PORT of the seed nodes, the same list on every member.</param>
    public static AkkaConfigurationBuilder WithClusterMember(this AkkaConfigurationBuilder builder, string role, Remoting remoting, IReadOnlyList<string> seeds, ClusterTls? tls)
    {
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = remoting.BindHost,
                PublicHostName = remoting.PublicHost,
                Port = remoting.Port,
                MaxFrameSize = ClusterConfig.FrameSize,
                SendBufferSize = ClusterConfig.FrameSize,
                ReceiveBufferSize = ClusterConfig.FrameSize,
                // No certificate here: the setup below carries it with the cluster CA's validation.
                EnableSsl = tls is not null,
                Ssl = new SslOptions { SuppressValidation = false, RequireMutualAuthentication = true },
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [role],
                SeedNodes = [.. seeds.Select(s => ClusterConfig.Address(s, tls is not null))],
                SplitBrainResolver = new KeepOldestOption { DownIfAlone = true },
                FailureDetector = new PhiAccrualFailureDetectorOptions { HeartbeatInterval = ClusterConfig.HeartbeatInterval, AcceptableHeartbeatPause = ClusterConfig.AcceptableHeartbeatPause },
            })
            .AddHocon(ClusterConfig.Member, HoconAddMode.Prepend);
        return tls is null ? builder : builder.AddSetup(tls.Setup());
    }
}
