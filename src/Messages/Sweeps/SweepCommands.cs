using SweepCluster.Messages.Results;

namespace SweepCluster.Messages.Sweeps;

/// <summary>What may be asked of a sweep's coordinator; each is decided against the sweep's state.</summary>
public interface ISweepCommand : IWithSweepId;

/// <summary>Submitting the same sweep again is not an error: it changes nothing and the sweep goes on.</summary>
/// <param name="Checkpoints">Set by the coordinator that records the submission (its checkpoint root, a fresh instance).</param>
/// <param name="Design">The scheduler, sampler and stage plan the expansion resolved; null: none of them.</param>
public sealed record SubmitSweep(
    string SweepId, string Name, string File, string Source, IReadOnlyList<TrialDefinition> Trials, SweepCheckpoints? Checkpoints = null, SweepDesign? Design = null) : ISweepCommand;

public sealed record CancelSweep(string SweepId) : ISweepCommand;

/// <summary>
/// Train on from now on with the data fingerprinted <paramref name="To"/> where the sweep recorded
/// <paramref name="From"/>: the user resumed with --allow-changed-data after being told what changed.
/// </summary>
public sealed record AcceptChangedData(string SweepId, string From, string To) : ISweepCommand;

/// <summary>Queue again the trials that failed through no fault of their own (sent on resume).</summary>
public sealed record RetryFailedTrials(string SweepId) : ISweepCommand;

/// <summary>Lease the next queued trial to <paramref name="Node"/>.</summary>
/// <param name="MaxGroup">Up to this many queued trials that can train fused may be leased together (1: one trial).</param>
public sealed record LeaseTrial(string SweepId, string Node, int MaxGroup = 1) : ISweepCommand;

public sealed record RecordEpoch(string SweepId, string TrialId, int Attempt, EpochMetrics Metrics) : ISweepCommand;

public sealed record RecordFinish(string SweepId, string TrialId, int Attempt, TrialOutcome Outcome) : ISweepCommand;

/// <param name="TrialsFault">True when the trial itself failed (its code threw); false for the node's or the process's fault.</param>
/// <param name="OutOfMemory">Requeue the trial without counting a retry: its node packed too many trials and packs fewer now.</param>
public sealed record RecordFailure(string SweepId, string TrialId, int Attempt, string Error, bool TrialsFault, bool OutOfMemory = false) : ISweepCommand;

/// <summary>Give back every trial leased to <paramref name="Node"/> (it died, or the process restarted).</summary>
/// <param name="CountsAsRetry">
/// True when the node was lost while training (it may be the trial that kills it, so such requeues
/// are limited); false for an orderly restart, which may happen any number of times.
/// </param>
public sealed record ReleaseNode(string SweepId, string Node, string Reason, bool CountsAsRetry) : ISweepCommand;

/// <summary>Ask a cluster to run a stopped sweep again (one an embedded run left unfinished); and its trials that failed through no fault of their own.</summary>
public sealed record ResumeSweep(string SweepId) : IWithSweepId;
