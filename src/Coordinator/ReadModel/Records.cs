using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>A sweep as the read model holds it.</summary>
/// <param name="State">running, completed or cancelled.</param>
public sealed record SweepSummary(
    string SweepId,
    string Name,
    string File,
    string State,
    int Total,
    int Queued,
    int Running,
    int Finished,
    int Failed,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? EndedAt)
{
    public int Done => Finished + Failed;

    public bool IsRunning => State == States.Running;

    /// <summary>The sweep as clients of the cluster see it.</summary>
    public SweepProgress ToProgress() => new(SweepId, Name, State, Total, Done, Running, Queued, Failed);
}

/// <summary>One trial as the read model holds it.</summary>
/// <param name="State">Stored as its text (<see cref="TrialLifecycles.Text"/>).</param>
/// <param name="Node">The node of the current attempt: the one running it, or the one that produced its result.</param>
/// <param name="Latest">The last epoch recorded for the current attempt.</param>
/// <param name="FinishedAt">When it ended (finished, stopped, or failed for good); null while it has not.</param>
public sealed record TrialRecord(
    string SweepId,
    string TrialId,
    int Position,
    string Label,
    IReadOnlyDictionary<string, string> Overrides,
    TrialSpec Spec,
    long TrainableParameters,
    long NonTrainableParameters,
    TrialLifecycle State,
    int Attempt,
    int Retries,
    string? Node,
    int LastEpoch,
    EpochMetrics? Latest,
    TrialOutcome? Outcome,
    string? Error,
    DateTimeOffset? FinishedAt = null)
{
    public bool IsRunning => State == TrialLifecycle.Running;

    public bool IsTerminal => State.IsTerminal();

    /// <summary>What leaderboards rank: the final metrics, and the last epoch's training metrics.</summary>
    /// <remarks>A trial the scheduler stopped is ranked on the epoch it was stopped after, and has no test metrics.</remarks>
    public TrialResult ToResult()
    {
        double? Value(MetricInfo metric) => metric.OfTrial(Outcome, Latest, State == TrialLifecycle.Stopped);
        return new(TrialId, Position, Label, State.Text(), Overrides,
            Value(MetricRegistry.ValAccuracy), Value(MetricRegistry.ValLoss), Value(MetricRegistry.TestAccuracy), Value(MetricRegistry.TestLoss),
            Value(MetricRegistry.TrainAccuracy), Value(MetricRegistry.TrainLoss), LastEpoch, Attempt, Node, Outcome?.Detail ?? Error,
            Value(MetricRegistry.ValMacroF1), Value(MetricRegistry.TestMacroF1), Value(MetricRegistry.ValRocAuc), Value(MetricRegistry.TestRocAuc));
    }
}

/// <summary>A later stage of a stages sweep: the winner of the stage before became its base.</summary>
/// <param name="Stage">0-based: 1 is the second stage.</param>
/// <param name="Members">Its trials: the ones run before that belong to it too (the base), then its new ones.</param>
/// <param name="FirstPosition">The plan position of its first new trial: every trial before it belongs to earlier stages.</param>
/// <summary>An attempt that trained fused: its group (named after the group's first trial and attempt) and the group's size.</summary>
public sealed record FusedAttempt(int Attempt, string GroupId, int Members);

public sealed record StageRecord(int Stage, string Name, string BaseTrialId, IReadOnlyList<string> Members, int FirstPosition, DateTimeOffset StartedAt);

/// <summary>The state names of sweeps that the read model (and every CLI output) uses; a trial's are <see cref="TrialLifecycle"/>'s texts.</summary>
public static class States
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}
