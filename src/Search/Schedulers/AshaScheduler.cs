namespace SweepCluster.Search.Schedulers;

/// <summary>
/// Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
/// Tuning", MLSys 2020) in its stopping form: rung k is epoch grace_period x reduction_factor^k
/// (below the budget). A trial reaching a rung goes on (is promoted) when its value is among the top
/// floor(n / reduction_factor) of the n values recorded at that rung so far, itself included, and at
/// least the top one; otherwise it stops there. This is the promotion rule of the paper applied as
/// each trial arrives, as Optuna's SuccessiveHalvingPruner applies it.
/// </summary>
/// <param name="InBracket">Which trials compete with each other (all, or one Hyperband bracket).</param>
public sealed class AshaScheduler(SchedulerMetric metric, int gracePeriod, int reductionFactor, int maxEpochs, Func<TrialProgress, bool>? inBracket = null) : ITrialScheduler
{
    /// <summary>The rung epochs, lowest first: every one is below the budget (a trial at the budget has finished).</summary>
    public IReadOnlyList<int> Rungs { get; } = RungsBelow(gracePeriod, reductionFactor, maxEpochs);

    public static IReadOnlyList<int> RungsBelow(int gracePeriod, int reductionFactor, int maxEpochs)
    {
        var rungs = new List<int>();
        for (long epoch = gracePeriod; epoch < maxEpochs; epoch *= reductionFactor)
            rungs.Add((int)epoch);
        return rungs;
    }

    public SchedulerDecision? Decide(TrialProgress trial, int epoch, IReadOnlyCollection<TrialProgress> others)
    {
        var rung = IndexOf(Rungs, epoch);
        if (rung < 0)
            return null;
        var value = metric.Of(trial.Epochs[epoch]);
        var competitors = others.Where(o => inBracket?.Invoke(o) ?? true).Select(o => metric.At(o, epoch)).OfType<double>().ToList();
        var n = competitors.Count + 1;
        var keep = Math.Max(1, n / reductionFactor);
        var better = competitors.Count(c => metric.Better(c, value));
        if (better < keep)
            return null;
        var cutoff = metric.BestFirst(competitors)[keep - 1];
        return new StopDecision(rung, $"rung {rung} (epoch {epoch}): {metric.Name} {SchedulerMetric.Format(value)} is not in the top {keep} of {n} trials at this rung (cut-off {SchedulerMetric.Format(cutoff)})");
    }

    private static int IndexOf(IReadOnlyList<int> rungs, int epoch)
    {
        for (var i = 0; i < rungs.Count; i++)
        {
            if (rungs[i] == epoch)
                return i;
        }
        return -1;
    }
}
