using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// A client of a cluster's sweep API from outside it (not a member): Akka's cluster client through
/// the coordinators' receptionist, so any coordinator process answers and a failover is invisible.
/// </summary>
public sealed class ClusterApiClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ActorSystem _system;
    private readonly IActorRef _client;

    /// <param name="coordinators">HOST:PORT of coordinator processes.</param>
    public ClusterApiClient(IReadOnlyList<string> coordinators)
    {
        _system = ActorSystem.Create(ClusterConfig.SystemName + "-client", ClusterConfig.Client()
            .WithFallback(ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration))
            .WithFallback(EventStore.QuietLogging));
        var contacts = coordinators.Select(c => ActorPath.Parse($"{ClusterConfig.Address(c)}/system/receptionist")).ToImmutableHashSet();
        _client = _system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(_system).WithInitialContacts(contacts)), "client");
    }

    public async Task<ISweepClusterMessage> Ask(ISweepClusterMessage request) =>
        await _client.Ask<ISweepClusterMessage>(new ClusterClient.Send("/user/api", request), Timeout);

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
