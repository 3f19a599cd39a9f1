using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Reports;

/// <summary>One stage of a stages sweep as a report shows it.</summary>
/// <param name="Winner">The trial that won it (the next stage's base), or its best so far while the stage runs; null before any result.</param>
/// <param name="Done">Whether every trial of the stage has ended.</param>
public sealed record StageRow(int Stage, string Name, int Trials, TrialRecord? Winner, double? Value, bool Done);

/// <summary>Each stage's trials and winner, from the stages the read model recorded.</summary>
public static class StageWinners
{
    /// <param name="names">Every stage's name from the sweep file, in order.</param>
    /// <param name="metric">The sweep's stage metric: what picked each winner.</param>
    public static IReadOnlyList<StageRow> Of(IReadOnlyList<TrialRecord> trials, IReadOnlyList<StageRecord> later, IReadOnlyList<string> names, string metric)
    {
        var byId = trials.ToDictionary(t => t.TrialId);
        var first = later.Count == 0 ? trials.Count : later[0].FirstPosition;
        var members = new List<IReadOnlyList<TrialRecord>> { trials.Where(t => t.Position < first).ToList() };
        members.AddRange(later.Select(s => (IReadOnlyList<TrialRecord>)[.. s.Members.Select(id => byId[id])]));
        var rows = new List<StageRow>();
        for (var k = 0; k < members.Count; k++)
        {
            var done = members[k].All(t => t.IsTerminal);
            // A later stage names its base, which is the winner the coordinator picked.
            var winner = k + 1 < members.Count ? byId[later[k].BaseTrialId] : Best(members[k], metric);
            rows.Add(new StageRow(k, k < names.Count ? names[k] : $"stage {k + 1}", members[k].Count, winner, winner is null ? null : Value(winner, metric), done));
        }
        return rows;
    }

    private static TrialRecord? Best(IEnumerable<TrialRecord> trials, string metric) =>
        trials.Where(t => Value(t, metric) is not null)
            .OrderBy(t => MetricRegistry.Get(metric).SortKey(Value(t, metric)!.Value)).ThenBy(t => t.Position).FirstOrDefault();

    private static double? Value(TrialRecord trial, string metric) => MetricRegistry.Get(metric).Of(trial.ToResult());
}
