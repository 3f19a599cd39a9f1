using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The cluster deployment's names and tuning: one system name, roles <c>coordinator</c> and
/// <c>gpu-node</c>, a failure detector tuned to notice a dead node in seconds, large frames, and the
/// HOCON of a client that does not join.
/// </summary>
public static class ClusterConfig
{
    public const string SystemName = "sweepcluster";
    public const string CoordinatorRole = "coordinator";
    public const string NodeRole = "gpu-node";
    public const string BrokerName = "broker";

    /// <summary>An actor system over <paramref name="config"/>, speaking mutual TLS when <paramref name="tls"/> is given.</summary>
    public static ActorSystem CreateSystem(string name, Config config, ClusterTls? tls)
    {
        var setup = BootstrapSetup.Create().WithConfig(tls is null ? config : Tls.WithFallback(config));
        return tls is null ? ActorSystem.Create(name, setup) : ActorSystem.Create(name, setup.And(tls.Setup()));
    }

    /// <summary>How often members heartbeat, and how long a silence is borne before a member is unreachable: a dead node is noticed in seconds.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan AcceptableHeartbeatPause = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A submission carries its sweep file (up to ClientRequests.MaxSourceLength characters, JSON-escaped):
    /// the default 128 kB frame would drop a large one silently.
    /// </summary>
    public const long FrameSize = 4194304;

    /// <summary>
    /// The member keys that no typed option of Akka.Cluster.Hosting covers (see SweepAkka.WithClusterMember
    /// for the rest). The strategy, set there: keep-oldest: the side with the oldest member (the first
    /// coordinator, which forms the cluster) survives; down-if-alone: an oldest member cut off alone is
    /// the one downed, so the second coordinator takes the broker over. Nodes that lose every
    /// coordinator rejoin at the seeds by themselves (see ClusterHosts.RunNode). keep-majority let a
    /// lone node outvote a lone coordinator on a tie (lower address); static-quorum allows one coordinator.
    /// </summary>
    public static Config Member => ConfigurationFactory.ParseString($$"""
        akka.cluster {
          split-brain-resolver.stable-after = 5s
          singleton.role = "{{CoordinatorRole}}"
          singleton-proxy.role = "{{CoordinatorRole}}"
          client.receptionist.role = "{{CoordinatorRole}}"
          pub-sub.role = "{{CoordinatorRole}}"
        }
        """);

    /// <summary>A client that talks to the cluster without joining it; answers come back to <paramref name="hostname"/>.</summary>
    public static Config Client(string hostname) => ConfigurationFactory.ParseString($$"""
        akka {
          actor.provider = remote
          remote.dot-netty.tcp {
            hostname = "{{hostname}}"
            port = 0
            {{Frames}}
          }
        }
        """);

    public static string Address(string hostAndPort, bool tls) => $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{hostAndPort}";

    private static readonly string Frames = $"maximum-frame-size = {FrameSize}b, send-buffer-size = {FrameSize}b, receive-buffer-size = {FrameSize}b";

    // The certificate and its validation come from ClusterTls.Setup; mutual authentication is also the default here.
    private static readonly Config Tls = ConfigurationFactory.ParseString("""
        akka.remote.dot-netty.tcp {
          enable-ssl = true
          ssl {
            suppress-validation = false
            require-mutual-authentication = true
          }
        }
        """);
}

/// <summary>Where a member listens (<paramref name="BindHost"/>, 0.0.0.0 in a container) and the name peers reach it by (a pod's DNS name).</summary>
public sealed record Remoting(string BindHost, string PublicHost, int Port)
{
    public string Address => $"{PublicHost}:{Port}";
}
