namespace SweepCluster.GpuNode.Metrics;

/// <summary>
/// Mean and spread of a metric across cross-validation folds. The spread is the sample standard
/// deviation (n - 1): the folds are a small sample of the possible splits and the figure estimates how
/// much a fresh split would vary. It matches pandas' std() and is sqrt(n / (n - 1)) times numpy's default
/// (and sklearn's GridSearchCV std_test_score), which use n. With one value it is undefined: null, not 0,
/// so a lone surviving fold never reads as "no spread".
/// </summary>
public static class FoldAggregate
{
    /// <summary>
    /// One <see cref="MeanStd"/> per epoch over the folds that reached it; folds stopped early simply
    /// drop out of later epochs, so <see cref="MeanStd.Count"/> can shrink.
    /// </summary>
    public static IReadOnlyList<MeanStd> PerEpoch(IReadOnlyList<IReadOnlyList<double>> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var epochs = folds.Select(f => f.Count).DefaultIfEmpty(0).Max();
        return Enumerable.Range(0, epochs)
            .Select(e => Of(folds.Where(f => f.Count > e).Select(f => f[e]).ToList()))
            .ToList();
    }

    /// <summary>Mean and spread of one final value per fold.</summary>
    public static MeanStd Final(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("There are no final values to aggregate.", nameof(values));
        return Of(values);
    }

    private static MeanStd Of(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        if (values.Count == 1)
            return new MeanStd(mean, null, 1);
        // Two passes: subtracting the mean first avoids the cancellation of the sum-of-squares formula.
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return new MeanStd(mean, Math.Sqrt(squares / (values.Count - 1)), values.Count);
    }
}
