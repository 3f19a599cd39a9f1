using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Cli;

/// <summary>One ranked trial, as the leaderboard shows and exports it.</summary>
public sealed record LeaderboardRow(
    int Rank,
    string TrialId,
    string Label,
    string State,
    JsonObject Overrides,
    double? ValAccuracy,
    double? ValLoss,
    double? TestAccuracy,
    double? TestLoss,
    double? TrainAccuracy,
    double? TrainLoss,
    int Epochs,
    int Attempt);

/// <summary>Trials ranked by a recorded metric: accuracies descending, losses ascending, trials without the metric last.</summary>
public static class Leaderboard
{
    public static readonly IReadOnlyList<string> Metrics = ["test_accuracy", "val_accuracy", "test_loss", "val_loss", "train_accuracy", "train_loss"];

    public static IReadOnlyList<LeaderboardRow> Rows(SweepState state, string metric, Func<string, IReadOnlyList<EpochMetrics>>? history = null)
    {
        if (!Metrics.Contains(metric))
            throw new ArgumentException($"Unknown metric '{metric}'; rank by one of {string.Join(", ", Metrics)}.");
        var rows = state.Trials.Values.OrderBy(t => t.Definition.Index).Select(t => Row(t, history?.Invoke(t.Definition.TrialId))).ToList();
        var descending = metric.EndsWith("accuracy", StringComparison.Ordinal);
        var ranked = rows
            .OrderBy(r => Value(r, metric) is null)
            .ThenBy(r => descending ? -(Value(r, metric) ?? 0) : Value(r, metric) ?? 0)
            .ThenBy(r => r.TrialId, StringComparer.Ordinal);
        return [.. ranked.Select((r, i) => r with { Rank = i + 1 })];
    }

    public static void Print(IAnsiConsole console, SweepState state, IReadOnlyList<LeaderboardRow> rows)
    {
        console.MarkupLineInterpolated($"[bold]{state.Name}[/] ({state.SweepId}): {state.Phase.ToString().ToLowerInvariant()}, {state.Done}/{state.Trials.Count} done");
        var table = new Table().AddColumns("rank", "trial", "overrides", "state", "epochs", "val acc", "test acc", "test loss");
        foreach (var r in rows)
        {
            var overrides = r.Overrides.Count == 0 ? "(base)" : string.Join(", ", r.Overrides.Select(o => $"{o.Key}={o.Value?.ToJsonString().Trim('"')}"));
            table.AddRow(r.Rank.ToString(CultureInfo.InvariantCulture), r.TrialId, Markup.Escape(overrides), r.State,
                r.Epochs.ToString(CultureInfo.InvariantCulture), Percent(r.ValAccuracy), Percent(r.TestAccuracy), Number(r.TestLoss));
        }
        console.Write(table);
    }

    public static string Csv(IReadOnlyList<LeaderboardRow> rows)
    {
        static string Field(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        var lines = new List<string> { "rank,trial_id,label,state,overrides,val_accuracy,val_loss,test_accuracy,test_loss,train_accuracy,train_loss,epochs,attempt" };
        lines.AddRange(rows.Select(r => string.Join(',',
            r.Rank, r.TrialId, Field(r.Label), r.State, Field(r.Overrides.ToJsonString()),
            Number(r.ValAccuracy), Number(r.ValLoss), Number(r.TestAccuracy), Number(r.TestLoss), Number(r.TrainAccuracy), Number(r.TrainLoss), r.Epochs, r.Attempt)));
        return string.Join('\n', lines);
    }

    /// <summary>One line about a finished trial.</summary>
    public static string Describe(TrialState trial) => trial.Phase == TrialPhase.Failed
        ? $"failed: {trial.Error}"
        : $"{State(trial)}: val {Percent(trial.Outcome?.Validation?.Accuracy)}, test {Percent(trial.Outcome?.Test?.Accuracy)}{(trial.Outcome?.Detail is { } d ? $" ({d})" : "")}";

    private static LeaderboardRow Row(TrialState trial, IReadOnlyList<EpochMetrics>? history)
    {
        var last = history is { Count: > 0 } ? history[^1] : null;
        var overrides = new JsonObject(trial.Definition.Overrides.Select(o => KeyValuePair.Create(o.Key, JsonNode.Parse(o.Value))));
        return new LeaderboardRow(0, trial.Definition.TrialId, trial.Definition.Label, State(trial), overrides,
            trial.Outcome?.Validation?.Accuracy, trial.Outcome?.Validation?.LogLoss, trial.Outcome?.Test?.Accuracy, trial.Outcome?.Test?.LogLoss,
            last?.TrainAccuracy, last?.TrainLoss, history?.Count ?? trial.LastEpoch, trial.Attempt);
    }

    private static double? Value(LeaderboardRow row, string metric) => metric switch
    {
        "test_accuracy" => row.TestAccuracy,
        "val_accuracy" => row.ValAccuracy,
        "test_loss" => row.TestLoss,
        "val_loss" => row.ValLoss,
        "train_accuracy" => row.TrainAccuracy,
        _ => row.TrainLoss,
    };

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

    private static string Number(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";
}
