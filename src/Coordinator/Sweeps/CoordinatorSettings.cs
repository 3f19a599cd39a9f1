namespace SweepCluster.Coordinator.Sweeps;

/// <summary>How sweep coordinators behave; defaults suit the embedded mode.</summary>
/// <param name="MaxRetries">New attempts after failures that are not the trial's own (node lost, out of memory).</param>
/// <param name="CheckpointRoot">Trials checkpoint under CheckpointRoot/sweep/trial.</param>
/// <param name="SnapshotEvery">The fewest events between two snapshots of a sweep (large sweeps wait longer: see SweepCoordinator).</param>
public sealed record CoordinatorSettings(int MaxRetries, string CheckpointRoot, TimeProvider Clock, int SnapshotEvery = CoordinatorSettings.DefaultSnapshotEvery)
{
    public const int DefaultMaxRetries = 2;

    public const int DefaultSnapshotEvery = 1000;

    public static CoordinatorSettings Default(string checkpointRoot) => new(DefaultMaxRetries, checkpointRoot, TimeProvider.System);
}
