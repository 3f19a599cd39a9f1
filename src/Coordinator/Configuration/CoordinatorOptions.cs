using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Configuration;

/// <summary>How sweep coordinators behave (section <c>Coordinator</c>); the defaults are <see cref="CoordinatorSettings"/>'s.</summary>
public sealed class CoordinatorOptions
{
    /// <summary>New attempts after failures that are not the trial's own (node lost, out of memory).</summary>
    public int MaxRetries { get; set; } = CoordinatorSettings.DefaultMaxRetries;

    /// <summary>The fewest events between two snapshots of a sweep.</summary>
    public int SnapshotEvery { get; set; } = CoordinatorSettings.DefaultSnapshotEvery;

    /// <summary>How long a coordinator process removed from the cluster waits before joining again at the seeds.</summary>
    public TimeSpan Rejoin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The coordinators' settings, trials checkpointing under <paramref name="checkpointRoot"/>.</summary>
    /// <exception cref="SettingsException">A value out of range.</exception>
    public CoordinatorSettings Settings(string checkpointRoot)
    {
        if (MaxRetries < 0)
            throw new SettingsException($"Coordinator:MaxRetries is {MaxRetries}: give 0 or more.");
        if (SnapshotEvery < 1)
            throw new SettingsException($"Coordinator:SnapshotEvery is {SnapshotEvery}: give 1 or more.");
        return new CoordinatorSettings(MaxRetries, checkpointRoot, TimeProvider.System, SnapshotEvery);
    }
}
