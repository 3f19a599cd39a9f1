using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Ranking;

/// <summary>One ranked trial, as the leaderboard shows and exports it.</summary>
/// <param name="Parameters">The value of every varied parameter (in the API's leaderboard, which a table of any sweep can be built from).</param>
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
    string? Node,
    string? Note = null,
    JsonObject? Parameters = null);

/// <summary>Trials ranked by a recorded metric: accuracies descending, losses ascending, trials without the metric last.</summary>
public static class Leaderboard
{
    /// <exception cref="UnknownMetricException"><paramref name="metric"/> is not in the registry (the message lists those that are).</exception>
    public static IReadOnlyList<LeaderboardRow> Rows(IEnumerable<TrialResult> trials, string metric)
    {
        var by = MetricRegistry.Get(metric);
        var ranked = trials
            .OrderBy(t => by.Of(t) is null)
            .ThenBy(t => by.SortKey(by.Of(t) ?? 0))
            .ThenBy(t => t.TrialId, StringComparer.Ordinal);
        return [.. ranked.Select((t, i) => Row(t) with { Rank = i + 1 })];
    }

    public static void Print(IAnsiConsole console, SweepProgress sweep, IReadOnlyList<LeaderboardRow> rows)
    {
        console.MarkupLineInterpolated($"[bold]{sweep.Name}[/] ({sweep.SweepId}): {sweep.State}, {sweep.Done}/{sweep.Total} done");
        // Why trials ended is shown when a scheduler stopped some: otherwise the state says enough.
        var notes = rows.Any(r => r.State == TrialLifecycle.Stopped.Text());
        var table = new Table().AddColumns("rank", "trial", "overrides", "state", "epochs", "val acc", "test acc", "test loss", "node");
        if (notes)
            table.AddColumn("why it ended");
        foreach (var r in rows)
        {
            var overrides = r.Overrides.Count == 0 ? "(base)" : string.Join(", ", r.Overrides.Select(o => $"{o.Key}={o.Value?.ToJsonString().Trim('"')}"));
            string[] cells = [r.Rank.ToString(CultureInfo.InvariantCulture), r.TrialId, Markup.Escape(overrides), r.State,
                r.Epochs.ToString(CultureInfo.InvariantCulture), Percent(r.ValAccuracy), Percent(r.TestAccuracy), Number(r.TestLoss), Markup.Escape(r.Node ?? "")];
            table.AddRow(notes ? [.. cells, Markup.Escape(r.Note ?? "")] : cells);
        }
        console.Write(table);
    }

    public static string Csv(IReadOnlyList<LeaderboardRow> rows)
    {
        var lines = new List<string> { "rank,trial_id,label,state,overrides,val_accuracy,val_loss,test_accuracy,test_loss,train_accuracy,train_loss,epochs,attempt,node,note" };
        lines.AddRange(rows.Select(r => string.Join(',',
            r.Rank, r.TrialId, CsvField(r.Label), r.State, CsvField(r.Overrides.ToJsonString()),
            Number(r.ValAccuracy), Number(r.ValLoss), Number(r.TestAccuracy), Number(r.TestLoss), Number(r.TrainAccuracy), Number(r.TrainLoss), r.Epochs, r.Attempt,
            CsvField(r.Node ?? ""), CsvField(r.Note ?? ""))));
        return string.Join('\n', lines);
    }

    /// <summary>One line about a finished trial.</summary>
    public static string Describe(TrialRecord trial)
    {
        if (trial.State == TrialLifecycle.Failed)
            return $"failed: {trial.Error}";
        var result = trial.ToResult();
        return $"{trial.State.Text()}: val {Percent(result.ValAccuracy)}, test {Percent(result.TestAccuracy)}{(result.Note is { } note ? $" ({note})" : "")}";
    }

    private static LeaderboardRow Row(TrialResult trial)
    {
        var overrides = new JsonObject(trial.Overrides.Select(o => KeyValuePair.Create(o.Key, JsonNode.Parse(o.Value))));
        return new LeaderboardRow(0, trial.TrialId, trial.Label, trial.State, overrides, trial.ValAccuracy, trial.ValLoss,
            trial.TestAccuracy, trial.TestLoss, trial.TrainAccuracy, trial.TrainLoss, trial.Epochs, trial.Attempt, trial.Node, trial.Note);
    }

    public static string CsvField(string text) => text.Contains(',') || text.Contains('"') || text.Contains('\n') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    public static string Percent(double? value) => value is { } v ? v.ToString("P2", CultureInfo.InvariantCulture) : "";

    public static string Number(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";
}
