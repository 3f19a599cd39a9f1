using Akka.Actor;
using Akka.Hosting;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The embedded deployment: one ActorSystem with the work broker, the sweep coordinators, the read
/// model's projector and one local GPU node. The same actors and messages as a cluster, only in one
/// process, wired by the same <see cref="SweepAkka"/> builder.
/// </summary>
public sealed class EmbeddedHost : IAsyncDisposable
{
    private readonly AkkaHost _host;
    private readonly TimeSpan _drainTimeout;

    private EmbeddedHost(AkkaHost host, JournalProjection projection, TimeSpan drainTimeout)
    {
        _host = host;
        _drainTimeout = drainTimeout;
        Projection = projection;
    }

    public ActorSystem System => _host.System;

    public IActorRef Broker => _host.Registry.Get<WorkBroker>();

    public IActorRef Node => _host.Registry.Get<NodeAgent>();

    public JournalProjection Projection { get; }

    public static EmbeddedHost Start(string database, CoordinatorSettings settings, int slots, string device, ITrialRunner runner, TimeSpan? requestInterval = null, NodePacking? packing = null, NodeOptions? node = null)
    {
        node ??= new NodeOptions();
        JournalProjection? projection = null;
        var host = AkkaHost.Start(
            akka => akka.WithSweepProcess().WithSweepStore(database),
            (system, registry) =>
            {
                projection = new JournalProjection(system, database);
                registry.Register<ReadModelProjector>(system.ActorOf(ReadModelProjector.Props(projection), "read-model"));
                var broker = system.ActorOf(WorkBroker.Props(settings), "broker");
                registry.Register<WorkBroker>(broker);
                registry.Register<NodeAgent>(system.ActorOf(NodeAgent.Props(Environment.MachineName, slots, device, runner, broker, requestInterval ?? node.RequestInterval, packing), "node"));
            });
        return new EmbeddedHost(host, projection!, node.DrainTimeout);
    }

    /// <summary>Stops the node's trials (waiting for their threads, up to <see cref="NodeOptions.DrainTimeout"/>), then the actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.Ask<NodeDrained>(new DrainNode(), _drainTimeout);
        }
        catch (AskTimeoutException)
        {
            // A trial that ignores cancellation that long: shut down anyway rather than hang.
        }
        await _host.DisposeAsync();
    }
}
