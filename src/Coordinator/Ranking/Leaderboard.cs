using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Ranking;

/// <summary>One ranked trial, as the leaderboard shows and exports it.</summary>
/// <param name="State">A <see cref="TrialLifecycle"/>'s text: a stopped, early-stopped or diverged trial is ranked with the others and marked by it.</param>
/// <param name="Parameters">The value of every varied parameter (in the API's leaderboard, which a table of any sweep can be built from).</param>
/// <param name="RankedBy">The metric the row was ranked by when not the one asked for (<see cref="Leaderboard.Rule"/>); null when it has that one, or neither.</param>
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
    JsonObject? Parameters = null,
    string? RankedBy = null);

/// <summary>
/// Trials ranked by a recorded metric (accuracies descending, losses ascending), whatever ended them:
/// a trial the scheduler stopped is judged on its last epoch. One that lacks the metric (a test metric,
/// which a stopped trial never reached) follows those that have it, ranked by its validation metric of
/// the same direction; trials with neither come last.
/// </summary>
public static class Leaderboard
{
    /// <exception cref="UnknownMetricException"><paramref name="metric"/> is not in the registry (the message lists those that are).</exception>
    public static IReadOnlyList<LeaderboardRow> Rows(IEnumerable<TrialResult> trials, string metric)
    {
        var by = MetricRegistry.Get(metric);
        var fallback = Fallback(by);
        var ranked = trials
            .Select(t => (Trial: t, Tier: by.Of(t) is not null ? 0 : fallback?.Of(t) is not null ? 1 : 2))
            .OrderBy(t => t.Tier)
            .ThenBy(t => t.Tier switch { 0 => by.SortKey(by.Of(t.Trial)!.Value), 1 => fallback!.SortKey(fallback.Of(t.Trial)!.Value), _ => 0 })
            .ThenBy(t => t.Trial.TrialId, StringComparer.Ordinal);
        return [.. ranked.Select((t, i) => Row(t.Trial) with { Rank = i + 1, RankedBy = t.Tier == 1 ? fallback!.Name : null })];
    }

    /// <summary>The ranking rule in one sentence, for the CLI, the report and the dashboard to print above a leaderboard.</summary>
    /// <exception cref="UnknownMetricException"><paramref name="metric"/> is not in the registry.</exception>
    public static string Rule(string metric)
    {
        var by = MetricRegistry.Get(metric);
        var order = by.HigherIsBetter ? "highest first" : "lowest first";
        var stopped = by.PerEpoch ? "a trial the scheduler stopped counts with its last epoch's value" : "a trial the scheduler stopped has none";
        var rest = Fallback(by) is { } fallback
            ? $"trials without it follow, ranked by their {fallback.Name} (marked), then trials with neither"
            : "trials without it come last";
        return $"Ranked by {by.Name}, {order} ({stopped}); {rest}. Stopped, early-stopped and diverged trials are ranked like the others and marked by their state.";
    }

    /// <summary>
    /// What ranks a trial without <paramref name="metric"/>: the validation metric of the same direction
    /// (accuracy: val_accuracy, loss: val_loss), which a stopped trial has from its last epoch; none for a validation metric itself.
    /// </summary>
    public static MetricInfo? Fallback(MetricInfo metric)
    {
        var validation = metric.HigherIsBetter ? MetricRegistry.ValAccuracy : MetricRegistry.ValLoss;
        return validation == metric ? null : validation;
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
