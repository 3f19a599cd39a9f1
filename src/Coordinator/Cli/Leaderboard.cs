using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

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
    int Attempt,
    string? Node);

/// <summary>Trials ranked by a recorded metric: accuracies descending, losses ascending, trials without the metric last.</summary>
public static class Leaderboard
{
    public static readonly IReadOnlyList<string> Metrics = ["test_accuracy", "val_accuracy", "test_loss", "val_loss", "train_accuracy", "train_loss"];

    public static IReadOnlyList<LeaderboardRow> Rows(IEnumerable<TrialResult> trials, string metric)
    {
        if (!Metrics.Contains(metric))
            throw new ArgumentException($"Unknown metric '{metric}'; rank by one of {string.Join(", ", Metrics)}.");
        var rows = trials.OrderBy(t => t.Position).Select(Row).ToList();
        var descending = metric.EndsWith("accuracy", StringComparison.Ordinal);
        var ranked = rows
            .OrderBy(r => Value(r, metric) is null)
            .ThenBy(r => descending ? -(Value(r, metric) ?? 0) : Value(r, metric) ?? 0)
            .ThenBy(r => r.TrialId, StringComparer.Ordinal);
        return [.. ranked.Select((r, i) => r with { Rank = i + 1 })];
    }

    public static void Print(IAnsiConsole console, SweepProgress sweep, IReadOnlyList<LeaderboardRow> rows)
    {
        console.MarkupLineInterpolated($"[bold]{sweep.Name}[/] ({sweep.SweepId}): {sweep.State}, {sweep.Done}/{sweep.Total} done");
        var table = new Table().AddColumns("rank", "trial", "overrides", "state", "epochs", "val acc", "test acc", "test loss", "node");
        foreach (var r in rows)
        {
            var overrides = r.Overrides.Count == 0 ? "(base)" : string.Join(", ", r.Overrides.Select(o => $"{o.Key}={o.Value?.ToJsonString().Trim('"')}"));
            table.AddRow(r.Rank.ToString(CultureInfo.InvariantCulture), r.TrialId, Markup.Escape(overrides), r.State,
                r.Epochs.ToString(CultureInfo.InvariantCulture), Percent(r.ValAccuracy), Percent(r.TestAccuracy), Number(r.TestLoss), Markup.Escape(r.Node ?? ""));
        }
        console.Write(table);
    }

    public static string Csv(IReadOnlyList<LeaderboardRow> rows)
    {
        static string Field(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        var lines = new List<string> { "rank,trial_id,label,state,overrides,val_accuracy,val_loss,test_accuracy,test_loss,train_accuracy,train_loss,epochs,attempt,node" };
        lines.AddRange(rows.Select(r => string.Join(',',
            r.Rank, r.TrialId, Field(r.Label), r.State, Field(r.Overrides.ToJsonString()),
            Number(r.ValAccuracy), Number(r.ValLoss), Number(r.TestAccuracy), Number(r.TestLoss), Number(r.TrainAccuracy), Number(r.TrainLoss), r.Epochs, r.Attempt, Field(r.Node ?? ""))));
        return string.Join('\n', lines);
    }

    /// <summary>One line about a finished trial.</summary>
    public static string Describe(TrialRecord trial) => trial.State == States.Failed
        ? $"failed: {trial.Error}"
        : $"{trial.State}: val {Percent(trial.Outcome?.Validation?.Accuracy)}, test {Percent(trial.Outcome?.Test?.Accuracy)}{(trial.Outcome?.Detail is { } d ? $" ({d})" : "")}";

    private static LeaderboardRow Row(TrialResult trial)
    {
        var overrides = new JsonObject(trial.Overrides.Select(o => KeyValuePair.Create(o.Key, JsonNode.Parse(o.Value))));
        return new LeaderboardRow(0, trial.TrialId, trial.Label, trial.State, overrides, trial.ValAccuracy, trial.ValLoss,
            trial.TestAccuracy, trial.TestLoss, trial.TrainAccuracy, trial.TrainLoss, trial.Epochs, trial.Attempt, trial.Node);
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

    public static string Percent(double? value) => value is { } v ? v.ToString("P2", CultureInfo.InvariantCulture) : "";

    private static string Number(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";
}
