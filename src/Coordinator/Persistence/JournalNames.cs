namespace SweepCluster.Coordinator.Persistence;

/// <summary>How sweeps are named in the journal.</summary>
public static class JournalNames
{
    public const string SweepPrefix = "sweep-";

    public static string PersistenceId(string sweepId) => SweepPrefix + sweepId;

    /// <summary>The sweep id of a sweep coordinator's persistence id, or null for any other entity.</summary>
    public static string? SweepIdOf(string persistenceId) =>
        persistenceId.StartsWith(SweepPrefix, StringComparison.Ordinal) ? persistenceId[SweepPrefix.Length..] : null;
}
