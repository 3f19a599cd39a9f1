namespace SweepCluster.Coordinator.Configuration;

/// <summary>The time-outs of a GPU node, embedded or in a cluster (section <c>Node</c>).</summary>
public sealed class NodeOptions
{
    /// <summary>How often a node repeats its request for work while it has free slots.</summary>
    public TimeSpan RequestInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long stopping waits for running trials to leave native code before the system stops anyway.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a cluster node, having joined, goes without a reachable coordinator before it rejoins at
    /// the seeds: longer than a singleton hand-over between two coordinators.
    /// </summary>
    public TimeSpan CoordinatorGrace { get; set; } = TimeSpan.FromSeconds(20);
}
