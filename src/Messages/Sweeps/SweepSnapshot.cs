using SweepCluster.Messages.Results;

namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// A sweep coordinator's whole state at one journal position, so recovery replays only the events
/// after it. Phases are the coordinator's enum names as text.
/// </summary>
public sealed record SweepSnapshot(string SweepId, string Name, string File, string Source, string Phase, IReadOnlyList<TrialSnapshot> Trials) : IWithSweepId;

/// <summary>One trial of a <see cref="SweepSnapshot"/>, in plan order.</summary>
public sealed record TrialSnapshot(TrialDefinition Definition, string Phase, int Attempt, string? Node, int LastEpoch, int Retries, TrialOutcome? Outcome, string? Error);
