namespace SweepCluster.Search.Schedulers;

/// <summary>
/// Hyperband (Li et al., JMLR 2018) over ASHA brackets. With budget R = max_epochs, minimum r =
/// grace_period and eta = reduction_factor, s_max = floor(log_eta(R / r)); bracket s (s_max first, the most
/// aggressive) starts at r x eta^(s_max - s) epochs and takes n_s = ceil((s_max + 1) / (s + 1) x eta^s)
/// of every sum(n_s) trials. Trials are dealt to brackets by plan position in a fixed interleaved
/// order, so any prefix of the sweep is spread over the brackets in those proportions.
/// </summary>
public sealed class HyperbandScheduler : ITrialScheduler
{
    private readonly List<AshaScheduler> _brackets;
    private readonly int[] _cycle;

    public HyperbandScheduler(SchedulerMetric metric, int gracePeriod, int reductionFactor, int maxEpochs, int? brackets)
    {
        var sMax = MaxBracket(gracePeriod, reductionFactor, maxEpochs);
        var count = Math.Min(brackets ?? sMax + 1, sMax + 1);
        Brackets = [.. Enumerable.Range(0, count).Select(i => sMax - i).Select(s => new HyperbandBracket(
            s, gracePeriod * (int)Math.Pow(reductionFactor, sMax - s), (int)Math.Ceiling((sMax + 1.0) / (s + 1) * Math.Pow(reductionFactor, s))))];
        _cycle = Deal([.. Brackets.Select(b => b.Trials)]);
        _brackets = [.. Brackets.Select((b, i) => new AshaScheduler(metric, b.FirstRung, reductionFactor, maxEpochs, t => BracketOf(t.Index) == i))];
    }

    /// <summary>The brackets in use, most aggressive first.</summary>
    public IReadOnlyList<HyperbandBracket> Brackets { get; }

    /// <summary>The bracket (an index into <see cref="Brackets"/>) of the trial at plan position <paramref name="index"/>.</summary>
    public int BracketOf(int index) => _cycle[index % _cycle.Length];

    public SchedulerDecision? Decide(TrialProgress trial, int epoch, IReadOnlyCollection<TrialProgress> others)
    {
        var bracket = BracketOf(trial.Index);
        return _brackets[bracket].Decide(trial, epoch, others) is StopDecision stop
            ? stop with { Reason = $"bracket {Brackets[bracket].S}, {stop.Reason}" }
            : null;
    }

    public static int MaxBracket(int gracePeriod, int reductionFactor, int maxEpochs)
    {
        var s = 0;
        for (long epochs = (long)gracePeriod * reductionFactor; epochs <= maxEpochs; epochs *= reductionFactor)
            s++;
        return s;
    }

    /// <summary>A cycle of positions, each bracket taking its share: at every step the bracket furthest behind its share goes next.</summary>
    private static int[] Deal(int[] sizes)
    {
        var total = sizes.Sum();
        var dealt = new int[sizes.Length];
        var cycle = new int[total];
        for (var p = 0; p < total; p++)
        {
            var next = 0;
            for (var b = 1; b < sizes.Length; b++)
            {
                if ((double)sizes[b] * (p + 1) / total - dealt[b] > (double)sizes[next] * (p + 1) / total - dealt[next])
                    next = b;
            }
            cycle[p] = next;
            dealt[next]++;
        }
        return cycle;
    }
}

/// <param name="S">Hyperband's bracket number: s rungs of halving before the budget.</param>
/// <param name="FirstRung">The epoch of its first rung.</param>
/// <param name="Trials">n_s: its trials in every cycle of the brackets' sizes summed.</param>
public sealed record HyperbandBracket(int S, int FirstRung, int Trials);
