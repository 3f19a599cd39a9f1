using Akka.Configuration;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The cluster deployment's names and tuning: one system name, roles <c>coordinator</c> and
/// <c>gpu-node</c>, a failure detector tuned to notice a dead node in seconds, and large frames.
/// </summary>
public static class ClusterConfig
{
    public const string SystemName = "sweepcluster";
    public const string CoordinatorRole = "coordinator";
    public const string NodeRole = "gpu-node";
    public const string BrokerName = "broker";

    /// <summary>How often members heartbeat, and how long a silence is borne before a member is unreachable: a dead node is noticed in seconds.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan AcceptableHeartbeatPause = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A submission from the API to the broker singleton (maybe on another coordinator process) carries
    /// its sweep file and planned trials: the default 128 kB frame would drop a large one silently.
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
          pub-sub.role = "{{CoordinatorRole}}"
        }
        """);

    public static string Address(string hostAndPort, bool tls) => $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{hostAndPort}";
}

/// <summary>Where a member listens (<paramref name="BindHost"/>, 0.0.0.0 in a container) and the name peers reach it by (a pod's DNS name).</summary>
public sealed record Remoting(string BindHost, string PublicHost, int Port)
{
    public string Address => $"{PublicHost}:{Port}";
}
