using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// HOCON of the cluster deployment: one system name, roles <c>coordinator</c> and <c>gpu-node</c>,
/// remoting bound to the given interface only, a failure detector tuned to notice a dead node in
/// seconds, and the split brain resolver downing what becomes unreachable.
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

    /// <param name="seeds">HOST:PORT of the seed nodes, the same list on every member.</param>
    /// <param name="tls">Whether TLS is on: the certificate and its validation come from <see cref="ClusterTls.Setup"/>.</param>
    public static Config Member(string role, Remoting remoting, IReadOnlyList<string> seeds, bool tls)
    {
        var member = ConfigurationFactory.ParseString($$"""
        akka {
          actor.provider = cluster
          remote.dot-netty.tcp {
            hostname = "{{remoting.BindHost}}"
            public-hostname = "{{remoting.PublicHost}}"
            port = {{remoting.Port}}
            {{Frames}}
          }
          cluster {
            roles = ["{{role}}"]
            seed-nodes = [{{string.Join(", ", seeds.Select(s => "\"" + Address(s, tls) + "\""))}}]
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            # keep-oldest: the side with the oldest member (the first coordinator, which forms the
            # cluster) survives; down-if-alone: an oldest member cut off alone is the one downed, so
            # the second coordinator takes the broker over. Nodes that lose every coordinator rejoin
            # at the seeds by themselves (see ClusterHosts.RunNode). keep-majority let a lone node
            # outvote a lone coordinator on a tie (lower address); static-quorum allows one coordinator.
            split-brain-resolver {
              active-strategy = keep-oldest
              keep-oldest.down-if-alone = on
              stable-after = 5s
            }
            failure-detector {
              heartbeat-interval = 500ms
              acceptable-heartbeat-pause = 3s
            }
            singleton.role = "{{CoordinatorRole}}"
            singleton-proxy.role = "{{CoordinatorRole}}"
            client.receptionist.role = "{{CoordinatorRole}}"
            pub-sub.role = "{{CoordinatorRole}}"
          }
        }
        """);
        return tls ? Tls.WithFallback(member) : member;
    }

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

    // A submission carries its sweep file (up to ClientRequests.MaxSourceLength characters, JSON-escaped):
    // the default 128 kB frame would drop a large one silently.
    private const string Frames = "maximum-frame-size = 4194304b, send-buffer-size = 4194304b, receive-buffer-size = 4194304b";

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
