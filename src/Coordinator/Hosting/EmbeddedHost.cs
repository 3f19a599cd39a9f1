using Akka.Actor;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The embedded deployment: one ActorSystem with the work broker, the sweep coordinators, the read
/// model's projector and one local GPU node. The same actors and messages as a cluster, only in one
/// process.
/// </summary>
public sealed class EmbeddedHost : IAsyncDisposable
{
    private EmbeddedHost(ActorSystem system, IActorRef broker, IActorRef node, JournalProjection projection)
    {
        System = system;
        Broker = broker;
        Node = node;
        Projection = projection;
    }

    public ActorSystem System { get; }

    public IActorRef Broker { get; }

    public IActorRef Node { get; }

    public JournalProjection Projection { get; }

    public static EmbeddedHost Start(string database, CoordinatorSettings settings, int slots, string device, ITrialRunner runner, TimeSpan? requestInterval = null, NodePacking? packing = null)
    {
        var system = ActorSystem.Create("sweepcluster", EventStore.SystemConfiguration(database));
        var projection = new JournalProjection(system, database);
        system.ActorOf(ReadModelProjector.Props(projection), "read-model");
        var broker = system.ActorOf(WorkBroker.Props(settings), "broker");
        var node = system.ActorOf(NodeAgent.Props(Environment.MachineName, slots, device, runner, broker, requestInterval ?? TimeSpan.FromSeconds(2), packing), "node");
        return new EmbeddedHost(system, broker, node, projection);
    }

    /// <summary>Stops the node's trials (waiting for their threads, up to a minute), then the actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.Ask<NodeDrained>(new DrainNode(), TimeSpan.FromMinutes(1));
        }
        catch (AskTimeoutException)
        {
            // A trial that ignores cancellation for a minute: shut down anyway rather than hang.
        }
        await System.Terminate();
    }
}
