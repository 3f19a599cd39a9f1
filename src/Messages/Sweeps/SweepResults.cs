namespace SweepCluster.Messages.Sweeps;

/// <summary>A sweep's progress, as leaderboards and progress lines show it.</summary>
/// <param name="State">running, completed or cancelled.</param>
public sealed record SweepProgress(string SweepId, string Name, string State, int Total, int Done, int Running, int Queued, int Failed);

/// <summary>One trial's latest results, as leaderboards rank them (<see cref="Results.MetricRegistry"/> reads each metric from it).</summary>
/// <param name="State">A <see cref="TrialLifecycle"/>'s text (<see cref="TrialLifecycles.Text"/>).</param>
/// <param name="Overrides">The trial's values for the searched fields, each as JSON text.</param>
/// <param name="Node">The node that ran the current attempt (its <c>--name</c>).</param>
/// <param name="ValMacroF1">The final evaluation's macro-averaged F1 on the validation set; null without one.</param>
/// <param name="ValRocAuc">The final evaluation's macro one-vs-rest ROC AUC on the validation set; null without one.</param>
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
    string? Note = null,
    double? ValMacroF1 = null,
    double? TestMacroF1 = null,
    double? ValRocAuc = null,
    double? TestRocAuc = null);
