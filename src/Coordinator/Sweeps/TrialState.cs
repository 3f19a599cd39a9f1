using System.Collections.Immutable;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Sweeps;

public enum TrialPhase
{
    Queued,
    Running,
    Finished,
    Failed,

    /// <summary>Stopped by the sweep's scheduler: ended, with the epochs it recorded.</summary>
    Stopped,
}

/// <summary>One trial inside a sweep's state.</summary>
/// <param name="Attempt">The current (or last) lease; 0 before the first dispatch.</param>
/// <param name="LastEpoch">The last epoch recorded for the current attempt.</param>
/// <param name="Retries">Failures that were not the trial's fault, each followed by a new attempt.</param>
/// <param name="Latest">The last epoch recorded for the current attempt (its training metrics can pick a stage's winner).</param>
/// <param name="Recorded">Every epoch recorded, across attempts, by number: what a scheduler decides on (kept only when the sweep has one).</param>
/// <param name="Generation">PBT: how often it took over another trial's weights.</param>
/// <param name="Origin">PBT: where its current generation starts from.</param>
/// <param name="Retryable">It failed through no fault of its own: resuming the sweep queues it again.</param>
/// <param name="NotBefore">Queued again after a failure: not leased before this time (back-off).</param>
public sealed record TrialState(
    TrialDefinition Definition,
    TrialPhase Phase,
    int Attempt,
    string? Node,
    int LastEpoch,
    int Retries,
    TrialOutcome? Outcome,
    string? Error,
    EpochMetrics? Latest = null,
    ImmutableSortedDictionary<int, EpochMetrics>? Recorded = null,
    int Generation = 0,
    PbtOrigin? Origin = null,
    bool Retryable = false,
    DateTimeOffset? NotBefore = null)
{
    public static TrialState Queued(TrialDefinition definition) => new(definition, TrialPhase.Queued, 0, null, 0, 0, null, null);

    public ImmutableSortedDictionary<int, EpochMetrics> Epochs => Recorded ?? ImmutableSortedDictionary<int, EpochMetrics>.Empty;

    /// <summary>
    /// A final metric by its sweep-file name, or null when the trial has none. A stopped trial is
    /// judged on its last epoch, and has no test metrics.
    /// </summary>
    /// <exception cref="UnknownMetricException">The registry has no metric <paramref name="name"/>.</exception>
    public double? Metric(string name) =>
        MetricRegistry.Get(name).OfTrial(Outcome, Phase is TrialPhase.Finished or TrialPhase.Stopped ? Latest : null, Phase == TrialPhase.Stopped);

    public bool IsTerminal => Phase is TrialPhase.Finished or TrialPhase.Failed or TrialPhase.Stopped;

    /// <summary>Whether it may be leased at <paramref name="now"/>: queued, and past its back-off.</summary>
    public bool IsDue(DateTimeOffset now) => Phase == TrialPhase.Queued && (NotBefore is null || NotBefore <= now);

    /// <summary>How long a trial waits before attempt <c>retries + 1</c> after a failure that was not its own: 5 s, doubling, at most a minute.</summary>
    public static TimeSpan Backoff(int retries) => TimeSpan.FromSeconds(Math.Min(60, 5 * Math.Pow(2, Math.Max(0, retries - 1))));

    /// <summary>Whether a report about <paramref name="attempt"/> still counts: only the running, current lease does.</summary>
    public bool Accepts(int attempt) => Phase == TrialPhase.Running && attempt == Attempt;
}
