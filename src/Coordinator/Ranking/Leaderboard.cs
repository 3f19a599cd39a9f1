using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Ranking;

/// <summary>One ranked trial, as the leaderboard shows and exports it.</summary>
/// <param name="State">A <see cref="TrialLifecycle"/>'s text: a stopped, early-stopped or diverged trial is ranked with the others and marked by it.</param>
/// <param name="Parameters">The value of every varied parameter (in the API's leaderboard, which a table of any sweep can be built from).</param>
/// <param name="TrainingSeconds">The seconds its recorded epochs trained, summed (in the API's leaderboard, from the read model's times).</param>
/// <param name="WallSeconds">Dispatch to end of its current attempt; null while it runs.</param>
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
    double? ValMacroF1 = null,
    double? TestMacroF1 = null,
    double? ValRocAuc = null,
    double? TestRocAuc = null,
    double? TrainingSeconds = null,
    double? WallSeconds = null,
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

    /// <summary>The rule, and what the ranks marked * in these rows mean (a rank by the fallback metric).</summary>
    public static string Rule(string metric, IReadOnlyList<LeaderboardRow> rows) =>
        Rule(metric) + (rows.FirstOrDefault(r => r.RankedBy is not null) is { } marked ? $" A rank marked * is by {marked.RankedBy}." : "");

    /// <summary>
    /// What ranks a trial without <paramref name="metric"/>: the validation metric of the same direction
    /// (accuracy: val_accuracy, loss: val_loss), which a stopped trial has from its last epoch; none for a validation metric itself.
    /// </summary>
    public static MetricInfo? Fallback(MetricInfo metric)
    {
        var validation = metric.HigherIsBetter ? MetricRegistry.ValAccuracy : MetricRegistry.ValLoss;
        return validation == metric ? null : validation;
    }

    private static LeaderboardRow Row(TrialResult trial)
    {
        var overrides = new JsonObject(trial.Overrides.Select(o => KeyValuePair.Create(o.Key, JsonNode.Parse(o.Value))));
        return new LeaderboardRow(0, trial.TrialId, trial.Label, trial.State, overrides, trial.ValAccuracy, trial.ValLoss,
            trial.TestAccuracy, trial.TestLoss, trial.TrainAccuracy, trial.TrainLoss, trial.Epochs, trial.Attempt, trial.Node, trial.Note,
            ValMacroF1: trial.ValMacroF1, TestMacroF1: trial.TestMacroF1, ValRocAuc: trial.ValRocAuc, TestRocAuc: trial.TestRocAuc);
    }
}
