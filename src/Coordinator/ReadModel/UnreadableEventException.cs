using SweepCluster.Coordinator.Persistence;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// A sweep's event that the journal holds but cannot be read back (a damaged row, a payload no
/// serializer version understands): it names the store, the sweep and the event, and concerns that
/// sweep alone.
/// </summary>
public sealed class UnreadableEventException(string database, string sweepId, long sequenceNr, Exception cause) : Exception(
    $"Sweep {sweepId} cannot be read: event {sequenceNr} of {JournalNames.PersistenceId(sweepId)} in the journal of {StoreName.Of(database)} "
    + $"is damaged ({cause.GetType().Name}: {cause.Message}). Its other events and the other sweeps are unaffected; restore that row from a backup.",
    cause)
{
    public string SweepId { get; } = sweepId;

    public long SequenceNr { get; } = sequenceNr;
}
