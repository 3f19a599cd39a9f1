using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>How sweep coordinators behave; defaults suit the embedded mode.</summary>
/// <param name="MaxRetries">New attempts after failures that are not the trial's own (node lost, out of memory).</param>
/// <param name="CheckpointRoot">Trials checkpoint under CheckpointRoot/sweep/trial.</param>
/// <param name="SnapshotEvery">The fewest events between two snapshots of a sweep (large sweeps wait longer: see SweepCoordinator).</param>
public sealed record CoordinatorSettings(int MaxRetries, string CheckpointRoot, TimeProvider Clock, int SnapshotEvery = CoordinatorOptions.DefaultSnapshotEvery)
{
    public static CoordinatorSettings Default(string checkpointRoot) => new(CoordinatorOptions.DefaultMaxRetries, checkpointRoot, TimeProvider.System);

    /// <summary>The coordinators' settings from configuration, trials checkpointing under <paramref name="checkpointRoot"/>.</summary>
    /// <exception cref="SettingsException">A value out of range.</exception>
    public static CoordinatorSettings From(CoordinatorOptions options, string checkpointRoot)
    {
        if (options.MaxRetries < 0)
            throw new SettingsException($"Coordinator:MaxRetries is {options.MaxRetries}: give 0 or more.");
        if (options.SnapshotEvery < 1)
            throw new SettingsException($"Coordinator:SnapshotEvery is {options.SnapshotEvery}: give 1 or more.");
        return new CoordinatorSettings(options.MaxRetries, checkpointRoot, TimeProvider.System, options.SnapshotEvery);
    }
}
