namespace SweepCluster.Search.Samplers;

/// <summary>The Tree-structured Parzen Estimator's settings, with Optuna's defaults.</summary>
/// <param name="StartupTrials">Points drawn at random (from the prior) before TPE models anything.</param>
/// <param name="Candidates">Draws from the good points' density per proposal; the best ratio wins.</param>
public sealed record TpeOptions(int StartupTrials = 10, int Candidates = 24);

/// <summary>One point with its loss (lower is better), or a pending point without one.</summary>
/// <param name="Pruned">Stopped early: ranked after every point that ran to its end, among themselves by loss.</param>
public sealed record Observation(IReadOnlyList<double?> Point, double? Loss, bool Pruned = false);

/// <summary>
/// The Tree-structured Parzen Estimator (Bergstra et al., NeurIPS 2011), independent per dimension as in
/// Optuna's default TPESampler. The observed points are split into the best gamma(n) = min(ceil(0.1 n), 25)
/// and the rest; each dimension gets a Parzen estimator l over the best and g over the rest (within
/// each, weights ramp from 1/n up to 1 for all but the newest 25 once it has more than 25), and the candidate
/// drawn from l with the highest l/g is proposed. A dimension's estimators see only the points that
/// have it, which is how conditional parameters are handled. Pending points (trials still running)
/// are constant liars: they join the rest, as if they were worse than every result, so that several
/// proposals made while trials run spread out instead of landing on the same point.
/// </summary>
public sealed class TreeParzenEstimator(IReadOnlyList<SearchDimension> dimensions, TpeOptions options)
{
    /// <param name="observations">Every point so far, oldest first, with its loss or null while pending.</param>
    public double[] Propose(IReadOnlyList<Observation> observations, Random random)
    {
        var completed = observations.Count(o => o.Loss is not null);
        if (completed < options.StartupTrials)
            return [.. dimensions.Select(d => d.FromUnit(random.NextDouble()))];

        var ranked = observations.Select((o, age) => (o, age))
            .OrderBy(p => p.o.Loss is null ? 2 : p.o.Pruned ? 1 : 0).ThenBy(p => p.o.Loss ?? 0).ThenBy(p => p.age).ToList();
        var good = Math.Min((int)Math.Ceiling(0.1 * completed), 25);
        var below = ranked.Take(good).Select(p => p.age).ToHashSet();
        var proposal = new double[dimensions.Count];
        for (var d = 0; d < dimensions.Count; d++)
        {
            var present = observations.Select((o, age) => (Value: o.Point[d], Age: age)).Where(p => p.Value is not null).ToList();
            var l = Estimator(d, [.. present.Where(p => below.Contains(p.Age)).Select(p => p.Value!.Value)]);
            var g = Estimator(d, [.. present.Where(p => !below.Contains(p.Age)).Select(p => p.Value!.Value)]);
            var best = double.NaN;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < options.Candidates; c++)
            {
                var x = l.Sample(random);
                var score = l.LogDensity(x) - g.LogDensity(x);
                if (score > bestScore)
                    (best, bestScore) = (x, score);
            }
            proposal[d] = best;
        }
        return proposal;
    }

    /// <param name="values">One group's values, oldest first: each group weighs its own points by age.</param>
    private ParzenEstimator Estimator(int dimension, IReadOnlyList<double> values) => new(dimensions[dimension], values, Weights(values.Count));

    /// <summary>Optuna's default weights by age: all 1 up to 25 points, else a ramp from 1/n for the oldest to 1 for the newest 25.</summary>
    private static double[] Weights(int n)
    {
        if (n < 25)
            return Enumerable.Repeat(1.0, n).ToArray();
        var ramp = n - 25;
        return [.. Enumerable.Range(0, ramp).Select(i => ramp == 1 ? 1.0 / n : (1.0 / n) + (i * (1 - (1.0 / n)) / (ramp - 1))), .. Enumerable.Repeat(1.0, 25)];
    }
}
