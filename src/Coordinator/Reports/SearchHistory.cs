using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Reports;

/// <summary>One trial of a search's history: its metric, and the best metric of it and every trial before it.</summary>
public sealed record HistoryPoint(int Order, TrialRecord Trial, double Value, double Best);

/// <summary>
/// The best-so-far history of a search: the trials that have the metric, in plan order (the order a
/// random or TPE search drew them), each with the running best.
/// </summary>
/// <remarks>
/// A stand-in until the report takes Analysis/BestSoFar (finish order, from the read model's finish times).
/// </remarks>
public static class SearchHistory
{
    public static IReadOnlyList<HistoryPoint> Of(IEnumerable<TrialRecord> trials, Func<TrialRecord, double?> value, bool higherIsBetter)
    {
        var points = new List<HistoryPoint>();
        foreach (var trial in trials.OrderBy(t => t.Position))
        {
            if (value(trial) is not { } v || !double.IsFinite(v))
                continue;
            var best = points.Count == 0 ? v : higherIsBetter ? Math.Max(points[^1].Best, v) : Math.Min(points[^1].Best, v);
            points.Add(new HistoryPoint(points.Count + 1, trial, v, best));
        }
        return points;
    }
}
