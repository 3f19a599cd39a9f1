using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Sweeps;

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
    private readonly IReadOnlyList<string> _coordinators;

    /// <param name="coordinators">HOST:PORT of coordinator processes.</param>
    /// <param name="tls">The client's certificate when the cluster speaks mutual TLS.</param>
    public ClusterApiClient(IReadOnlyList<string> coordinators, ClusterTls? tls)
    {
        _coordinators = coordinators;
        _system = ClusterConfig.CreateSystem(ClusterConfig.SystemName + "-client", ClusterConfig.Client(LocalAddressTowards(coordinators[0]))
            .WithFallback(ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration))
            .WithFallback(EventStore.QuietLogging), tls);
        var contacts = coordinators.Select(c => ActorPath.Parse($"{ClusterConfig.Address(c, tls is not null)}/system/receptionist")).ToImmutableHashSet();
        _client = _system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(_system).WithInitialContacts(contacts)), "client");
    }

    /// <summary>The coordinator's answer to <paramref name="request"/>: a <typeparamref name="T"/>, or a <see cref="ClusterRequestException"/> saying why not.</summary>
    public async Task<T> Ask<T>(ISweepClusterMessage request)
        where T : ISweepClusterMessage
    {
        ISweepClusterMessage reply;
        try
        {
            reply = await _client.Ask<ISweepClusterMessage>(new ClusterClient.Send("/user/api", request), Timeout);
        }
        catch (AskTimeoutException)
        {
            throw new ClusterRequestException($"No coordinator answered within {Timeout.TotalSeconds:F0} s at {string.Join(", ", _coordinators)}: is one running there (and do the TLS settings match)?", []);
        }
        return reply switch
        {
            T answer => answer,
            RequestRefused refused => throw new ClusterRequestException(refused.Reason, refused.Errors),
            _ => throw new ClusterRequestException($"The coordinator answered {request.GetType().Name} with an unexpected {reply.GetType().Name}.", []),
        };
    }

    /// <summary>This machine's address on the route to <paramref name="hostAndPort"/>: where a coordinator there can send answers.</summary>
    private static string LocalAddressTowards(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        // Connecting a UDP socket sends nothing: it only picks the interface that routes there.
        socket.Connect(hostAndPort[..colon], int.Parse(hostAndPort[(colon + 1)..], CultureInfo.InvariantCulture));
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}

/// <summary>A cluster refused a client's request, or no coordinator answered; <see cref="Details"/> lists the particulars (a sweep file's errors).</summary>
public sealed class ClusterRequestException(string message, IReadOnlyList<string> details) : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details;
}
