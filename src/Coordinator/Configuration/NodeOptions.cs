namespace SweepCluster.Coordinator.Configuration;

/// <summary>
/// A GPU node, embedded or in a cluster (section <c>Node</c>): its name, how much it trains at once,
/// and its time-outs. Name, slots and fuse are also options (<c>--name</c>, <c>--slots</c>,
/// <c>--fuse</c>); as settings a pod sets them from its ConfigMap and its own name without
/// <c>$(VAR)</c> arguments.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>The node's name in results; none: HOST:PORT.</summary>
    public string? Name { get; set; }

    /// <summary>Trials trained at once: a number, or auto (packed by the device's memory).</summary>
    public string Slots { get; set; } = "1";

    /// <summary>Trials of one architecture trained as one fused network per slot; 1: off.</summary>
    public int Fuse { get; set; } = 1;

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
