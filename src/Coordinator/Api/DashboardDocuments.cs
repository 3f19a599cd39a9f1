using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Api;

// The documents the dashboard reads besides the CLI's: whole learning curves, the sweep's timeline
// of decisions, the nodes at work and the analysis of the search.

/// <summary>One trial's recorded epochs (each from the latest attempt that reached it).</summary>
public sealed record TrialCurve(string TrialId, string Label, string State, int Epochs, IReadOnlyList<EpochMetrics> History);

/// <summary>Every trial's learning curve, in plan order.</summary>
/// <param name="EventId">The sequence number of the last event the curves include: follow the event stream after it to miss nothing.</param>
public sealed record CurvesDocument(string SweepId, long EventId, IReadOnlyList<TrialCurve> Trials);

/// <summary>
/// One thing that happened to a sweep or a trial, epochs aside: a dispatch, an end, a scheduler's
/// stop, a PBT exploit, a requeue, a stage started from its winner.
/// </summary>
/// <param name="Id">The event's sequence number in the sweep's journal (its id in the event stream).</param>
/// <param name="Type">The event's kind, as the event stream names it (trial-stopped, stage-started, ...).</param>
/// <param name="Reason">Why, in words, where the event says (a scheduler's rule, a requeue's cause, an error).</param>
/// <param name="Detail">The rest of what the event records (a stop's scheduler and rung, an exploit's donor, an end's status).</param>
public sealed record TimelineEntry(long Id, string Type, DateTimeOffset? At, string? TrialId, int? Attempt, string? Node, int? Epoch, string? Reason, JsonObject? Detail);

/// <summary>A sweep's timeline, oldest first.</summary>
public sealed record TimelineDocument(string SweepId, IReadOnlyList<TimelineEntry> Entries);

/// <summary>One attempt of a trial: where it ran, in which fused group, and how it ended.</summary>
/// <param name="Ended">finished, failed, requeued, stopped, exploited; null while it runs.</param>
public sealed record AttemptDocument(int Attempt, string Node, string? GroupId, DateTimeOffset? DispatchedAt, string? Ended, DateTimeOffset? EndedAt, string? Reason);

/// <summary>A trial a node is training now.</summary>
/// <param name="ImagesPerSecond">Its latest epoch's training throughput; null before its first epoch.</param>
public sealed record NodeTrial(string SweepId, string TrialId, string Label, int Attempt, int Epoch, int Epochs, string? GroupId, double? ImagesPerSecond);

/// <summary>A node at work: the trials it trains, its fused groups and their throughput, and what it last told the broker.</summary>
/// <param name="Busy">Slots in use: each trial training alone takes one, a fused group one for all its members.</param>
/// <param name="Device">cpu or cuda; null when the broker was not asked (sweep ui) or the node has not asked it for work.</param>
/// <param name="Slots">All its slots, as its last request for work said; null as for <paramref name="Device"/>.</param>
/// <param name="MemoryUsed">Bytes in use at its last request: device memory its trials take (CUDA), else its process's resident memory.</param>
/// <param name="MemoryLimit">The device memory it packs trials into (<c>--slots auto</c>); null without packing by memory.</param>
public sealed record NodeDocument(
    string Node, int Busy, int FusedGroups, double ImagesPerSecond, IReadOnlyList<NodeTrial> Trials,
    string? Device = null, int? Slots = null, long? MemoryUsed = null, long? MemoryLimit = null);

/// <summary>A varied parameter and how its values are read: linear, log or categorical.</summary>
public sealed record AnalysisParameter(string Path, string Scale);

/// <summary>One parameter's importance: its share of the whole, and the divergence behind it.</summary>
public sealed record ImportanceEntry(string Path, double Importance, double Raw);

/// <summary>Parameter importance by PED-ANOVA, most important first; empty with the reason when the trials cannot tell.</summary>
public sealed record ImportanceDocument(string Method, string? Note, int Trials, int TopTrials, IReadOnlyList<ImportanceEntry> Parameters);

/// <summary>What the search learned by one metric: how it converged and which parameters mattered.</summary>
/// <param name="Rule">Which trials count, and how those without the metric are treated.</param>
/// <param name="BestSoFar">The metric of each trial that ended with it, in the order they ended, and the running best.</param>
public sealed record AnalysisDocument(
    string SweepId, string Metric, bool HigherIsBetter, string Rule, IReadOnlyList<AnalysisParameter> Parameters,
    IReadOnlyList<BestSoFarPoint> BestSoFar, ImportanceDocument Importance);
