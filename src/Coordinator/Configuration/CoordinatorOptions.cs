namespace SweepCluster.Coordinator.Configuration;

/// <summary>How sweep coordinators behave (section <c>Coordinator</c>), with the defaults every host uses.</summary>
public sealed class CoordinatorOptions
{
    public const int DefaultMaxRetries = 2;

    public const int DefaultSnapshotEvery = 1000;

    /// <summary>New attempts after failures that are not the trial's own (node lost, out of memory).</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The fewest events between two snapshots of a sweep.</summary>
    public int SnapshotEvery { get; set; } = DefaultSnapshotEvery;

    /// <summary>How long a coordinator process removed from the cluster waits before joining again at the seeds.</summary>
    public TimeSpan Rejoin { get; set; } = TimeSpan.FromSeconds(2);
}
