using Akka.Actor;
using Akka.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The embedded deployment: one ActorSystem with the work broker, the sweep coordinators and one
/// local GPU node. The same actors and messages as a cluster, only in one process.
/// </summary>
public sealed class EmbeddedHost : IAsyncDisposable
{
    private EmbeddedHost(ActorSystem system, IActorRef broker, IActorRef node)
    {
        System = system;
        Broker = broker;
        Node = node;
    }

    public ActorSystem System { get; }

    public IActorRef Broker { get; }

    public IActorRef Node { get; }

    public static EmbeddedHost Start(string database, CoordinatorSettings settings, int slots, string device, ITrialRunner runner, TimeSpan? requestInterval = null)
    {
        var config = ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.stdout-loglevel = WARNING
                akka.log-dead-letters = off
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                """)
            .WithFallback(ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration))
            .WithFallback(EventStore.Configuration(database));
        var system = ActorSystem.Create("sweepcluster", config);
        var broker = system.ActorOf(WorkBroker.Props(settings), "broker");
        var node = system.ActorOf(NodeAgent.Props(Environment.MachineName, slots, device, runner, broker, requestInterval ?? TimeSpan.FromSeconds(2)), "node");
        return new EmbeddedHost(system, broker, node);
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
