using SweepCluster.Messages.Results;

namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// A sweep coordinator's whole state at one journal position, so recovery replays only the events
/// after it. Phases are the coordinator's enum names as text.
/// </summary>
/// <param name="Stage">The stage running (0 for the first, and for sweeps without stages).</param>
/// <param name="StageMembers">The trials of that stage; null for the first stage (every trial).</param>
/// <param name="SamplingEnded">The sampler proposes no more trials.</param>
/// <param name="Checkpoints">Where its trials checkpoint (see <see cref="SweepSubmitted"/>).</param>
/// <param name="Design">See <see cref="SweepSubmitted"/>: null only in snapshots saved before version 2.</param>
public sealed record SweepSnapshot(
    string SweepId, string Name, string File, string Source, string Phase, IReadOnlyList<TrialSnapshot> Trials, int Stage = 0, IReadOnlyList<string>? StageMembers = null,
    bool SamplingEnded = false, SweepCheckpoints? Checkpoints = null, SweepDesign? Design = null) : IWithSweepId;

/// <summary>One trial of a <see cref="SweepSnapshot"/>, in plan order.</summary>
/// <param name="Latest">The last epoch recorded for the current attempt.</param>
/// <param name="Epochs">Every epoch recorded, across attempts, by epoch number (what schedulers decide on).</param>
/// <param name="Generation">PBT: how often the trial took over another's weights (its checkpoints are kept apart per generation).</param>
/// <param name="Origin">PBT: where the current generation's weights come from.</param>
/// <param name="Retryable">It failed through no fault of its own: resuming the sweep queues it again.</param>
/// <param name="NotBefore">Queued again after a failure: not leased before this time (back-off).</param>
public sealed record TrialSnapshot(
    TrialDefinition Definition, string Phase, int Attempt, string? Node, int LastEpoch, int Retries, TrialOutcome? Outcome, string? Error, EpochMetrics? Latest = null,
    IReadOnlyList<EpochMetrics>? Epochs = null, int Generation = 0, PbtOrigin? Origin = null, bool Retryable = false, DateTimeOffset? NotBefore = null);
