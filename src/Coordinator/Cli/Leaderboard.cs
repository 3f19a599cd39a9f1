using System.Globalization;
using Spectre.Console;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Trials ranked by test accuracy (validation accuracy when there is no test set), best first.</summary>
public static class Leaderboard
{
    public static IEnumerable<TrialState> Rank(SweepState state) =>
        state.Trials.Values
            .OrderByDescending(t => t.Outcome?.Test?.Accuracy ?? t.Outcome?.Validation?.Accuracy ?? double.NegativeInfinity)
            .ThenBy(t => t.Definition.Index);

    public static void Print(IAnsiConsole console, SweepState state)
    {
        var table = new Table().AddColumns("rank", "trial", "overrides", "state", "epochs", "val acc", "test acc", "test loss");
        var rank = 0;
        foreach (var trial in Rank(state))
        {
            var overrides = trial.Definition.Overrides.Count == 0 ? "(base)" : string.Join(", ", trial.Definition.Overrides.Select(o => $"{o.Key}={o.Value}"));
            table.AddRow(
                (++rank).ToString(CultureInfo.InvariantCulture),
                trial.Definition.TrialId,
                Markup.Escape(overrides),
                State(trial),
                trial.LastEpoch.ToString(CultureInfo.InvariantCulture),
                Percent(trial.Outcome?.Validation?.Accuracy),
                Percent(trial.Outcome?.Test?.Accuracy),
                trial.Outcome?.Test?.LogLoss.ToString("F4", CultureInfo.InvariantCulture) ?? "");
        }
        console.MarkupLineInterpolated($"[bold]{state.Name}[/] ({state.SweepId}): {state.Phase.ToString().ToLowerInvariant()}");
        console.Write(table);
    }

    /// <summary>One line about a finished trial.</summary>
    public static string Describe(TrialState trial) => trial.Phase == TrialPhase.Failed
        ? $"failed: {trial.Error}"
        : $"{State(trial)}: val {Percent(trial.Outcome?.Validation?.Accuracy)}, test {Percent(trial.Outcome?.Test?.Accuracy)}{(trial.Outcome?.Detail is { } d ? $" ({d})" : "")}";

    private static string State(TrialState trial) => trial.Phase switch
    {
        TrialPhase.Finished => trial.Outcome!.Status switch
        {
            TrialStatus.EarlyStopped => "early-stopped",
            TrialStatus.Diverged => "diverged",
            _ => "completed",
        },
        _ => trial.Phase.ToString().ToLowerInvariant(),
    };

    private static string Percent(double? value) => value is { } v ? v.ToString("P2", CultureInfo.InvariantCulture) : "";
}
