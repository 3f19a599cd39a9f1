namespace SweepCluster.Search.Schedulers;

/// <summary>
/// The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): after grace_period epochs, a
/// trial whose best value so far is worse than the median of the other trials' values at the same
/// epoch stops, once at least min_trials others have reached that epoch. Never at the budget's last
/// epoch, where the trial ends anyway with its final evaluation.
/// </summary>
public sealed class MedianStoppingScheduler(SchedulerMetric metric, int gracePeriod, int minTrials, int maxEpochs) : ITrialScheduler
{
    public SchedulerDecision? Decide(TrialProgress trial, int epoch, IReadOnlyCollection<TrialProgress> others)
    {
        if (epoch <= gracePeriod || epoch >= maxEpochs)
            return null;
        var values = metric.BestFirst(others.Select(o => metric.At(o, epoch)).OfType<double>());
        if (values.Count < minTrials)
            return null;
        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
        var best = metric.BestUpTo(trial, epoch);
        return metric.Better(median, best)
            ? new StopDecision(null, $"epoch {epoch}: best {metric.Name} so far {SchedulerMetric.Format(best)} is worse than the median {SchedulerMetric.Format(median)} of {values.Count} other trials at this epoch")
            : null;
    }
}
