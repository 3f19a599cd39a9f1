namespace SweepCluster.Coordinator.Analysis;

/// <summary>
/// Densities over a discretised domain (PED-ANOVA's estimators): each a probability per grid cell or
/// category, with a prior of one trial's weight so a cell no trial fell in keeps some mass (the
/// divergence divides by it).
/// </summary>
internal static class GridDensity
{
    private const double PriorWeight = 1.0;

    /// <summary>
    /// A Parzen estimator over grid cells 0..<paramref name="steps"/>-1: a discrete Gaussian per trial,
    /// its bandwidth by Scott's rule (at least 0.5 / 1.64 cells, so 90% of a kernel lands in its own
    /// cell), plus a wide prior kernel at the centre.
    /// </summary>
    /// <param name="cells">Each trial's cell.</param>
    public static double[] Parzen(IReadOnlyList<int> cells, int steps)
    {
        var n = cells.Count;
        var sorted = cells.Order().ToArray();
        var mean = sorted.Average();
        var std = Math.Sqrt(sorted.Sum(c => (c - mean) * (c - mean)) / Math.Max(1, n - 1));
        var iqr = sorted[Math.Min(n - 1, 3 * n / 4)] - sorted[Math.Max(0, (n / 4) - 1)];
        var bandwidth = Math.Max(1.059 * Math.Min(iqr / 1.34, std) * Math.Pow(n, -0.2), 0.5 / 1.64);

        var density = new double[steps];
        foreach (var group in sorted.GroupBy(c => c))
            Add(density, Kernel(group.Key, bandwidth, steps), group.Count());
        Add(density, Kernel(0.5 * (steps - 1), steps, steps), PriorWeight);
        return Normalised(density);
    }

    /// <summary>Frequencies over <paramref name="categories"/> categories, smoothed by a uniform prior of one trial's weight.</summary>
    public static double[] Frequencies(IReadOnlyList<int> categories, int count)
    {
        var density = Enumerable.Repeat(PriorWeight / count, count).ToArray();
        foreach (var c in categories)
            density[c] += 1;
        return Normalised(density);
    }

    /// <summary>The Pearson divergence of <paramref name="top"/> from <paramref name="all"/>: sum of all * (top / all - 1)^2.</summary>
    public static double PearsonDivergence(double[] top, double[] all)
    {
        var sum = 0.0;
        for (var i = 0; i < all.Length; i++)
        {
            // Guards a cell no estimator reaches, as Optuna's reference does.
            double p = top[i] + 1e-12, q = all[i] + 1e-12;
            sum += q * ((p / q) - 1) * ((p / q) - 1);
        }
        return sum;
    }

    /// <summary>A Gaussian at <paramref name="mu"/> evaluated on the grid's cells and normalised over them (truncated to the domain).</summary>
    private static double[] Kernel(double mu, double sigma, int steps) =>
        Normalised([.. Enumerable.Range(0, steps).Select(i => Math.Exp(-0.5 * ((i - mu) / sigma) * ((i - mu) / sigma)))]);

    private static void Add(double[] density, double[] kernel, double weight)
    {
        for (var i = 0; i < density.Length; i++)
            density[i] += weight * kernel[i];
    }

    private static double[] Normalised(double[] values)
    {
        var total = values.Sum();
        return [.. values.Select(v => v / total)];
    }
}
