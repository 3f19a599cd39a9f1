using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Analysis;

/// <summary>
/// The running best of a metric in the order trials finished: how the search converged. Trials that
/// have not ended, or ended without the metric (failed ones, or stopped ones for a test metric), are
/// not points; a stopped trial counts with its last epoch's value of a per-epoch metric.
/// </summary>
public static class BestSoFar
{
    /// <exception cref="UnknownMetricException"><paramref name="metric"/> is not in the registry.</exception>
    public static IReadOnlyList<BestSoFarPoint> Of(IEnumerable<TrialRecord> trials, string metric)
    {
        var by = MetricRegistry.Get(metric);
        var finished = trials
            .Where(t => t.FinishedAt is not null)
            .Select(t => (Trial: t, Value: by.Of(t.ToResult())))
            .Where(t => t.Value is { } v && double.IsFinite(v))
            // Plan position breaks ties: trials of one fused group finish at the same instant.
            .OrderBy(t => t.Trial.FinishedAt).ThenBy(t => t.Trial.Position);
        var points = new List<BestSoFarPoint>();
        foreach (var (trial, value) in finished)
        {
            var improved = points.Count == 0 || by.Better(value!.Value, points[^1].Best);
            points.Add(new BestSoFarPoint(points.Count + 1, trial.TrialId, trial.FinishedAt!.Value, value!.Value, improved ? value.Value : points[^1].Best, improved));
        }
        return points;
    }
}
