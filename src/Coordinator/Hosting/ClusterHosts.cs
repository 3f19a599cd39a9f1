using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The cluster deployment's two kinds of member. The same actors as the embedded mode: the broker
/// (a cluster singleton among coordinator processes, so a second one takes over), the sweep
/// coordinators under it, the read-model projector, and GPU nodes that pull work from the broker.
/// </summary>
public static class ClusterHosts
{
    /// <summary>A coordinator process: the broker singleton (with every unfinished sweep), the projector and the client API.</summary>
    public static ActorSystem StartCoordinator(string database, CoordinatorSettings settings, string hostname, int port, IReadOnlyList<string> seeds)
    {
        var system = ActorSystem.Create(ClusterConfig.SystemName,
            ClusterConfig.Member(ClusterConfig.CoordinatorRole, hostname, port, seeds).WithFallback(EventStore.SystemConfiguration(database)));
        var projection = new JournalProjection(system, database);
        system.ActorOf(ReadModelProjector.Props(projection), "read-model");
        system.ActorOf(
            ClusterSingletonManager.Props(
                WorkBroker.Props(settings, () => UnfinishedSweeps(projection, database)),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(ClusterConfig.CoordinatorRole)),
            ClusterConfig.BrokerName);
        var api = system.ActorOf(SweepApi.Props(BrokerProxy(system), projection, database), "api");
        ClusterClientReceptionist.Get(system).RegisterService(api);
        return system;
    }

    /// <summary>A GPU node process: the node agent pulling work from the broker, wherever the singleton lives.</summary>
    /// <param name="name">The node's name in leases and results; its HOST:PORT when null.</param>
    public static NodeProcess StartNode(string? name, int slots, string device, ITrialRunner runner, string hostname, int port, IReadOnlyList<string> seeds)
    {
        var system = ActorSystem.Create(ClusterConfig.SystemName,
            ClusterConfig.Member(ClusterConfig.NodeRole, hostname, port, seeds)
                .WithFallback(ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration))
                .WithFallback(EventStore.QuietLogging));
        var self = Cluster.Get(system).SelfAddress;
        name ??= $"{self.Host}:{self.Port}";
        var node = system.ActorOf(NodeAgent.Props(name, slots, device, runner, BrokerProxy(system), TimeSpan.FromSeconds(2)), "node");
        return new NodeProcess(system, name, node);
    }

    /// <summary>Waits for SIGINT/SIGTERM (or the system's end), then leaves the cluster gracefully.</summary>
    /// <param name="node">A node to drain first: its trials stop and their threads leave native code before the process ends.</param>
    public static async Task RunUntilStopped(ActorSystem system, CancellationToken stop, IActorRef? node = null)
    {
        // Continuations run elsewhere: inline, shutting down would run on (and block) the signal handler.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // SIGTERM (Kubernetes, systemd) and SIGINT handled here: the process leaves the cluster instead of dying.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using (stop.Register(() => stopped.TrySetResult()))
            await Task.WhenAny(stopped.Task, system.WhenTerminated);

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stopped.TrySetResult();
        }
        if (node is not null && !system.WhenTerminated.IsCompleted)
            await node.Ask<NodeDrained>(new DrainNode(), TimeSpan.FromMinutes(1));
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }

    private static IActorRef BrokerProxy(ActorSystem system) => system.ActorOf(
        ClusterSingletonProxy.Props("/user/" + ClusterConfig.BrokerName, ClusterSingletonProxySettings.Create(system).WithRole(ClusterConfig.CoordinatorRole)),
        "broker-proxy");

    private static async Task<IReadOnlyList<string>> UnfinishedSweeps(JournalProjection projection, string database)
    {
        await projection.CatchUpAllAsync();
        using var connection = StoreConnections.Open(database);
        return [.. new ReadModelReader(connection).Sweeps().Where(s => s.IsRunning).Select(s => s.SweepId)];
    }
}

/// <summary>A running GPU node process.</summary>
public sealed record NodeProcess(ActorSystem System, string Name, IActorRef Node);
