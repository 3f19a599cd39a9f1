using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Api;

// The documents the HTTP API serves and the CLI prints (its --json is the same document): one shape
// whether a command reads the store or asks a coordinator, so both print the same.

/// <summary>A sweep's progress by state.</summary>
/// <param name="TrialsCompleted">Trials that ended, failed ones included.</param>
public sealed record SweepDocument(
    string SweepId,
    string Name,
    string State,
    int TrialsTotal,
    int TrialsCompleted,
    int TrialsFailed,
    int TrialsRunning,
    int TrialsQueued,
    string File,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? EndedAt)
{
    [JsonIgnore]
    public bool IsRunning => State == States.Running;

    public static SweepDocument From(SweepSummary s) =>
        new(s.SweepId, s.Name, s.State, s.Total, s.Done, s.Failed, s.Running, s.Queued, s.File, s.SubmittedAt, s.EndedAt);

    public SweepProgress ToProgress() => new(SweepId, Name, State, TrialsTotal, TrialsCompleted, TrialsRunning, TrialsQueued, TrialsFailed);
}

/// <summary>A running trial and the last epoch its current attempt recorded.</summary>
public sealed record RunningTrial(string TrialId, string Label, int Attempt, string? Node, int Epoch, int Epochs, EpochMetrics? Latest)
{
    public static RunningTrial From(TrialRecord t) => new(t.TrialId, t.Label, t.Attempt, t.Node, t.LastEpoch, t.Spec.Training.Epochs, t.Latest);
}

/// <summary>A sweep's progress, its running trials and, while it runs, the time left at the pace so far.</summary>
public sealed record SweepStatus(SweepDocument Sweep, IReadOnlyList<RunningTrial> Running, double? EtaSeconds);

/// <summary>A sweep's trials ranked by <paramref name="Metric"/>; <paramref name="Parameters"/> names the varied parameters each row has a value for.</summary>
/// <param name="Rule">How they are ranked, trials without the metric included (<see cref="Leaderboard.Rule"/>).</param>
public sealed record LeaderboardDocument(SweepDocument Sweep, string Metric, IReadOnlyList<string> Parameters, IReadOnlyList<LeaderboardRow> Rows, string Rule);

/// <summary>One trial in full: spec, every epoch, outcome (with the class report), where and how often it ran.</summary>
/// <param name="ClassNames">What each label of its dataset stands for: the confusion matrix's rows and columns.</param>
/// <param name="Attempts">Each attempt's node, fused group and end, oldest first.</param>
/// <param name="EventId">The last event of its sweep this document includes: a page follows the sweep's events after it.</param>
public sealed record TrialDocument(
    string TrialId,
    string SweepId,
    string Label,
    string State,
    int Attempt,
    int Retries,
    string? Node,
    string? Error,
    long TrainableParameters,
    long NonTrainableParameters,
    string CheckpointPath,
    JsonObject Overrides,
    TrialSpec Spec,
    IReadOnlyList<EpochMetrics> History,
    TrialOutcome? Outcome,
    IReadOnlyList<FusedAttempt> Fused,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<AttemptDocument> Attempts,
    long EventId)
{
    /// <summary>The trial as the read model holds it (its plan position aside), for the views that describe one.</summary>
    public TrialRecord ToRecord() => new(SweepId, TrialId, 0, Label, Overrides.ToDictionary(o => o.Key, o => o.Value?.ToJsonString() ?? "null"), Spec,
        TrainableParameters, NonTrainableParameters, TrialLifecycles.Parse(State), Attempt, Retries, Node, History.LastOrDefault()?.Epoch ?? 0, History.LastOrDefault(), Outcome, Error);
}

/// <summary>A sweep file to submit, as JSON (a YAML body is the text alone).</summary>
/// <param name="File">The file's name, which errors and the sweep's record name.</param>
public sealed record SubmitSweepRequest(string? File, string? Text);

/// <summary>One event of a sweep's journal as the event stream sends it.</summary>
/// <param name="Id">The event's sequence number in the sweep's journal: the stream's event id.</param>
/// <param name="Type">The event's kind in kebab case (trial-dispatched, epoch-recorded, trial-stopped, trial-finished, sweep-completed, ...).</param>
public sealed record SweepEventDocument(long Id, string Type, JsonNode Data);
