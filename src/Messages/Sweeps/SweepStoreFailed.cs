namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// Published on the local event stream when a sweep's coordinator could not store an event (a full
/// disk, a lost database): it stops, and whoever runs the sweep ends at once with this error instead of
/// waiting for progress that cannot come. Nothing already stored is lost. Local only: never serialized.
/// </summary>
public sealed record SweepStoreFailed(string SweepId, string PersistenceId, long SequenceNr, string Event, string Error);
