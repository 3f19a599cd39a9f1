using Akka.Hosting;
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

    /// <summary>A cluster member of <paramref name="role"/> (see <see cref="ClusterConfig.Member"/>), speaking mutual TLS when <paramref name="tls"/> is given.</summary>
    public static AkkaConfigurationBuilder WithClusterMember(this AkkaConfigurationBuilder builder, string role, Remoting remoting, IReadOnlyList<string> seeds, ClusterTls? tls)
    {
        builder.AddHocon(ClusterConfig.Member(role, remoting, seeds, tls is not null), HoconAddMode.Prepend);
        return tls is null ? builder : builder.AddSetup(tls.Setup());
    }
}
