using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The cluster deployment's two kinds of member. The same actors as the embedded mode: the broker
/// (a cluster singleton among coordinator processes, so a second one takes over), the sweep
/// coordinators under it, the read-model projector, and GPU nodes that pull work from the broker.
/// </summary>
public static class ClusterHosts
{
    /// <summary>
    /// A coordinator process: the broker singleton (with every unfinished sweep, each under its lock),
    /// the projector, and the poller of cancel requests left in the store.
    /// </summary>
    public static CoordinatorProcess StartCoordinator(string database, CoordinatorSettings settings, Remoting remoting, IReadOnlyList<string> seeds, ClusterTls? tls)
    {
        JournalProjection? projection = null;
        var host = AkkaHost.Start(
        akka => akka.WithSweepProcess().WithSweepStore(database).WithClusterMember(ClusterConfig.CoordinatorRole, remoting, seeds, tls),
        (system, registry) =>
        {
            projection = new JournalProjection(system, database);
            registry.Register<ReadModelProjector>(system.ActorOf(ReadModelProjector.Props(projection), "read-model"));
            system.ActorOf(CoordinatorMetrics.Props(), "metrics");
            system.ActorOf(
                ClusterSingletonManager.Props(
                    WorkBroker.Props(settings, () => UnfinishedSweeps(projection, database), own: async sweepId => await SweepLock.TryAcquireAsync(database, sweepId)),
                    PoisonPill.Instance,
                    ClusterSingletonManagerSettings.Create(system).WithRole(ClusterConfig.CoordinatorRole)),
                ClusterConfig.BrokerName);
            var broker = BrokerProxy(system);
            registry.Register<WorkBroker>(broker);
            system.ActorOf(CancelRequestPoller.Props(database, projection, broker), "cancel-requests");
        });
        return new CoordinatorProcess(host, host.Registry.Get<WorkBroker>(), projection!);
    }

    /// <summary>A GPU node process: the node agent pulling work from the broker, wherever the singleton lives.</summary>
    /// <param name="name">The node's name in leases and results; its HOST:PORT when null.</param>
    /// <param name="packing">Fusion and packing by memory; null: one trial per slot.</param>
    public static NodeProcess StartNode(string? name, int slots, string device, ITrialRunner runner, Remoting remoting, IReadOnlyList<string> seeds, ClusterTls? tls, NodePacking? packing = null, NodeOptions? options = null)
    {
        options ??= new NodeOptions();
        var host = AkkaHost.Start(
            akka => akka.WithSweepProcess().WithClusterMember(ClusterConfig.NodeRole, remoting, seeds, tls),
            (system, registry) =>
            {
                var self = Cluster.Get(system).SelfAddress;
                name ??= $"{self.Host}:{self.Port}";
                registry.Register<NodeAgent>(system.ActorOf(NodeAgent.Props(name, slots, device, runner, BrokerProxy(system), options.RequestInterval, packing), "node"));
            });
        return new NodeProcess(host, name!, host.Registry.Get<NodeAgent>(), options);
    }

    /// <summary>Runs until <paramref name="stop"/> (SIGTERM, SIGINT) or the system's end, then leaves the cluster gracefully.</summary>
    /// <returns>True when stopped on request, false when the system ended by itself (downed).</returns>
    public static async Task<bool> RunCoordinator(CoordinatorProcess coordinator, CancellationToken stop)
    {
        await Task.WhenAny(Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default), coordinator.System.WhenTerminated);
        await coordinator.Host.DisposeAsync();
        return stop.IsCancellationRequested;
    }

    /// <summary>
    /// Runs a node until <paramref name="stop"/>, or until it has seen no coordinator for
    /// <see cref="NodeOptions.CoordinatorGrace"/> after joining (or was downed): then its trials are stopped (their
    /// leases come back when a coordinator recovers the sweep), it leaves, and the caller starts a
    /// new one that joins at the seeds again, so nodes find a restarted coordinator by themselves.
    /// </summary>
    /// <returns>True when stopped on request, false when the coordinator was lost.</returns>
    public static async Task<bool> RunNode(NodeProcess node, CancellationToken stop)
    {
        var lost = CoordinatorLost(node.System, node.Options.CoordinatorGrace);
        await Task.WhenAny(Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default), lost, node.System.WhenTerminated);
        if (!node.System.WhenTerminated.IsCompleted)
        {
            // Trial threads must leave native code before the process may end.
            await node.Node.Ask<NodeDrained>(new DrainNode(), node.Options.DrainTimeout);
        }
        await node.Host.DisposeAsync();
        return stop.IsCancellationRequested;
    }

    /// <summary>Completes once the node, having joined, has seen no reachable coordinator for <paramref name="grace"/> (see <see cref="CoordinatorWatch"/>).</summary>
    private static Task CoordinatorLost(ActorSystem system, TimeSpan grace)
    {
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(CoordinatorWatch.Props(ClusterConfig.CoordinatorRole, grace, lost), "coordinator-watch");
        return lost.Task;
    }

    /// <summary>
    /// The HTTP endpoints of a process whose actor system is replaced when it rejoins: live while
    /// the current one runs, ready once it is an Up member of the cluster.
    /// </summary>
    /// <param name="more">More endpoints on the same server (a coordinator's API).</param>
    public static Task<HealthServer> ServeHealth(int? port, Func<ActorSystem?> current, IHttpEndpoints? more = null) => HealthServer.StartAsync(port,
        live: () => current() is { WhenTerminated.IsCompleted: false },
        ready: () => current() is { WhenTerminated.IsCompleted: false } system && Cluster.Get(system).SelfMember.Status == MemberStatus.Up,
        more);

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

/// <summary>A running coordinator process: its system, the proxy of the broker singleton, and its read-model projection.</summary>
public sealed record CoordinatorProcess(AkkaHost Host, IActorRef Broker, JournalProjection Projection)
{
    public ActorSystem System => Host.System;
}

/// <summary>A running GPU node process.</summary>
public sealed record NodeProcess(AkkaHost Host, string Name, IActorRef Node, NodeOptions Options)
{
    public ActorSystem System => Host.System;
}
