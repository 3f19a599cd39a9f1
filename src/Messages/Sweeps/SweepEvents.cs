using SweepCluster.Messages.Results;

namespace SweepCluster.Messages.Sweeps;

/// <summary>Every state change of a sweep, persisted first; a sweep's state is rebuilt from these alone.</summary>
public interface ISweepEvent : IWithSweepId;

/// <param name="Source">The sweep file's text, so a resumed sweep needs nothing else.</param>
/// <param name="Planned">The trials it will have in all when a sampler proposes more than <paramref name="Trials"/> as results arrive (TPE).</param>
/// <param name="Checkpoints">Where its trials checkpoint; null in sweeps recorded before checkpoints were bound to a store (they use Root/sweep-id).</param>
/// <param name="Design">
/// The scheduler, sampler and stage plan, resolved at submission (version 2). Null only in events
/// recorded before version 2, which are read through an upcaster that resolves it from the source.
/// </param>
public sealed record SweepSubmitted(
    string SweepId, string Name, string File, string Source, IReadOnlyList<TrialDefinition> Trials, DateTimeOffset At, int? Planned = null, SweepCheckpoints? Checkpoints = null,
    SweepDesign? Design = null) : ISweepEvent;

/// <summary>A trial was leased to a node as attempt <paramref name="Attempt"/>.</summary>
/// <param name="Group">Set when the attempt trains fused with others on one slot.</param>
public sealed record TrialDispatched(string SweepId, string TrialId, int Attempt, string Node, DateTimeOffset At, FusedGroup? Group = null) : ISweepEvent;

/// <summary>A fused group: named after its first member's trial and attempt, with its member count.</summary>
public sealed record FusedGroup(string Id, int Members);

public sealed record EpochRecorded(string SweepId, string TrialId, int Attempt, EpochMetrics Metrics) : ISweepEvent;

/// <summary>The trial ended with weights to evaluate: completed, early-stopped or diverged (see the outcome's status).</summary>
public sealed record TrialFinished(string SweepId, string TrialId, int Attempt, TrialOutcome Outcome, DateTimeOffset At) : ISweepEvent;

/// <param name="WillRetry">True when the failure was not the trial's own fault and retries remain: it is queued again.</param>
/// <param name="TrialsFault">Whether the trial itself failed (null in events recorded before it was kept): a failure that was not its own is tried again on resume.</param>
public sealed record TrialFailed(string SweepId, string TrialId, int Attempt, string Error, bool WillRetry, DateTimeOffset At, bool? TrialsFault = null) : ISweepEvent;

/// <summary>
/// Resuming the sweep queued again the trials of its running stage that failed through no fault of their
/// own (a full disk, a missing dataset, spent retries), with their retries counted afresh; a sweep
/// that had completed runs again until they end.
/// </summary>
public sealed record TrialsRetried(string SweepId, IReadOnlyList<string> TrialIds, DateTimeOffset At) : ISweepEvent;

/// <summary>
/// The user went on deliberately with changed data: every trial (and every proposal still to come)
/// now names the data fingerprinted <paramref name="To"/> instead of <paramref name="From"/>, so nodes
/// check their copy against it. Results recorded before stay as they were, on the old data.
/// </summary>
public sealed record ChangedDataAccepted(string SweepId, string From, string To, DateTimeOffset At) : ISweepEvent;

/// <summary>The lease was lost (node gone, process stopped): the trial is queued again as a new attempt.</summary>
/// <param name="CountsAsRetry">True when it uses up one of the trial's retries (its node was lost while training it).</param>
public sealed record TrialRequeued(string SweepId, string TrialId, int Attempt, string Reason, bool CountsAsRetry, DateTimeOffset At) : ISweepEvent;

/// <summary>
/// The stage before ended: its winner <paramref name="BaseTrialId"/> became the base of stage
/// <paramref name="Stage"/> (0-based: 1 is the second stage), whose new trials are queued.
/// </summary>
/// <param name="Reused">Trials of this stage that earlier stages already ran (the base, usually): their results count here too.</param>
public sealed record StageStarted(
    string SweepId, int Stage, string Name, string BaseTrialId, IReadOnlyList<TrialDefinition> Trials, IReadOnlyList<string> Reused, DateTimeOffset At) : ISweepEvent;

/// <summary>
/// The sweep's scheduler stopped the trial after epoch <paramref name="Epoch"/>: it ends in state
/// stopped and keeps the epochs it recorded.
/// </summary>
/// <param name="Scheduler">Which scheduler decided (median, asha, hyperband).</param>
/// <param name="Rung">The rung it was judged at (asha, hyperband).</param>
public sealed record TrialStopped(string SweepId, string TrialId, int Attempt, int Epoch, string Scheduler, int? Rung, string Reason, DateTimeOffset At) : ISweepEvent;

/// <summary>
/// PBT: after epoch <paramref name="Epoch"/> the trial was in the bottom of the population. It goes on
/// as a new attempt from the donor's weights of that epoch, with the donor's hyperparameters perturbed
/// (<paramref name="Definition"/>: the trial's id and place, the new spec and overrides).
/// </summary>
public sealed record TrialExploited(string SweepId, string TrialId, int Attempt, int Epoch, TrialDefinition Definition, PbtOrigin Origin, string Reason, DateTimeOffset At) : ISweepEvent;

/// <summary>Where a PBT trial's weights came from: the donor, the donor's generation (how often it was itself exploited) and the epoch.</summary>
public sealed record PbtOrigin(string DonorId, int DonorGeneration, int Epoch);

/// <summary>The sampler (TPE) proposed one more trial from the results so far; it joins the queue.</summary>
public sealed record TrialProposed(string SweepId, TrialDefinition Trial, DateTimeOffset At) : ISweepEvent;

/// <summary>The sampler proposes no more trials: every new proposal was invalid or one already tried.</summary>
public sealed record SamplingEnded(string SweepId, string Reason, DateTimeOffset At) : ISweepEvent;

public sealed record SweepCancelled(string SweepId, DateTimeOffset At) : ISweepEvent;

/// <param name="Note">Why the sweep ended before its last stage, when it did.</param>
public sealed record SweepCompleted(string SweepId, DateTimeOffset At, string? Note = null) : ISweepEvent;
