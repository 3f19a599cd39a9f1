namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// From a client outside the cluster: the sweep file's text, expanded and validated on the
/// coordinator side (one place decides what a sweep is; a small message, whatever the trial count).
/// Answered with <see cref="SweepProgress"/> or <see cref="RequestRefused"/>.
/// </summary>
public sealed record SubmitSweepFile(string File, string Source) : ISweepClusterMessage;

/// <summary>Ask for a sweep's progress; answered with <see cref="SweepProgress"/> or <see cref="RequestRefused"/>.</summary>
public sealed record GetSweepProgress(string SweepId) : IWithSweepId;

/// <summary>A sweep as the read model holds it, for clients.</summary>
/// <param name="State">running, completed or cancelled.</param>
public sealed record SweepProgress(string SweepId, string Name, string State, int Total, int Done, int Running, int Queued, int Failed) : IWithSweepId;

/// <summary>A client's request that cannot be carried out, with what is wrong (a sweep file's errors, each with its line).</summary>
public sealed record RequestRefused(string Reason, IReadOnlyList<string> Errors) : ISweepClusterMessage;

/// <summary>Ask for every sweep's progress; answered with <see cref="SweepList"/>.</summary>
public sealed record ListSweeps : ISweepClusterMessage;

public sealed record SweepList(IReadOnlyList<SweepProgress> Sweeps) : ISweepClusterMessage;

/// <summary>Ask for a sweep's trials with their results, to rank on the client; answered with <see cref="SweepResults"/> or <see cref="RequestRefused"/>.</summary>
public sealed record GetSweepResults(string SweepId) : IWithSweepId;

public sealed record SweepResults(SweepProgress Sweep, IReadOnlyList<TrialResult> Trials) : ISweepClusterMessage;

/// <summary>One trial's latest results, as leaderboards rank them (<see cref="Results.MetricRegistry"/> reads each metric from it).</summary>
/// <param name="State">A <see cref="TrialLifecycle"/>'s text (<see cref="TrialLifecycles.Text"/>).</param>
/// <param name="Overrides">The trial's values for the searched fields, each as JSON text.</param>
/// <param name="Node">The node that ran the current attempt (its <c>--name</c>).</param>
public sealed record TrialResult(
    string TrialId,
    int Position,
    string Label,
    string State,
    IReadOnlyDictionary<string, string> Overrides,
    double? ValAccuracy,
    double? ValLoss,
    double? TestAccuracy,
    double? TestLoss,
    double? TrainAccuracy,
    double? TrainLoss,
    int Epochs,
    int Attempt,
    string? Node,
    string? Note = null);

/// <summary>Ask a cluster to run a stopped sweep again (one an embedded run left unfinished); answered like <see cref="GetSweepProgress"/>.</summary>
public sealed record ResumeSweep(string SweepId) : IWithSweepId;
