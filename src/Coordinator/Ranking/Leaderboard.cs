using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Ranking;

/// <summary>One ranked trial, as the leaderboard shows and exports it.</summary>
/// <param name="Parameters">The value of every varied parameter (in the API's leaderboard, which a table of any sweep can be built from).</param>
/// <param name="TrainingSeconds">The seconds its recorded epochs trained, summed (in the API's leaderboard, as <see cref="LeaderboardDetails"/> adds them).</param>
/// <param name="WallSeconds">Dispatch to end of its current attempt; null while it runs.</param>
/// <param name="RankedBy">The metric the rank is by.</param>
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

    private static LeaderboardRow Row(TrialResult trial)
    {
        var overrides = new JsonObject(trial.Overrides.Select(o => KeyValuePair.Create(o.Key, JsonNode.Parse(o.Value))));
        return new LeaderboardRow(0, trial.TrialId, trial.Label, trial.State, overrides, trial.ValAccuracy, trial.ValLoss,
            trial.TestAccuracy, trial.TestLoss, trial.TrainAccuracy, trial.TrainLoss, trial.Epochs, trial.Attempt, trial.Node, trial.Note);
    }
}
