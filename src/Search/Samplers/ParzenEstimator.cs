namespace SweepCluster.Search.Samplers;

/// <summary>
/// A one-dimensional Parzen estimator as TPE builds it (Bergstra et al. 2011; Optuna's univariate
/// estimator): numeric values get a truncated-Gaussian kernel each, with the distance to the farther
/// neighbour as bandwidth clipped to [range / min(100, 1 + kernels), range] (the "magic clip"), plus a
/// prior kernel over the whole range; choices get their weighted counts plus a share of the prior.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double PriorWeight = 1.0;
    private readonly SearchDimension _dimension;
    private readonly double[] _mus = [];
    private readonly double[] _sigmas = [];
    private readonly double[] _weights;
    private readonly double[] _logNormalizers = [];
    private readonly double _low;
    private readonly double _high;

    /// <param name="values">Observed values (in the dimension's own units; choice indices for choices).</param>
    /// <param name="weights">One weight per value, older observations lighter when there are many.</param>
    public ParzenEstimator(SearchDimension dimension, IReadOnlyList<double> values, IReadOnlyList<double> weights)
    {
        _dimension = dimension;
        (_low, _high) = dimension.Scale;
        if (dimension.Kind == DimensionKind.Choice)
        {
            var counts = Enumerable.Repeat(PriorWeight / dimension.Choices, dimension.Choices).ToArray();
            for (var i = 0; i < values.Count; i++)
                counts[(int)values[i]] += weights[i];
            _weights = Normalize(counts);
            return;
        }
        var range = _high - _low;
        var points = values.Select((v, i) => (Mu: dimension.ToScale(v), Weight: weights[i])).Append((Mu: (_low + _high) / 2, Weight: PriorWeight)).ToList();
        var order = points.Select((p, i) => (p.Mu, i)).OrderBy(p => p.Mu).ThenBy(p => p.i).Select(p => p.i).ToArray();
        var sorted = order.Select(i => points[i].Mu).ToArray();
        var sigmas = new double[points.Count];
        for (var k = 0; k < sorted.Length; k++)
        {
            var left = k > 0 ? sorted[k] - sorted[k - 1] : double.NaN;
            var right = k < sorted.Length - 1 ? sorted[k + 1] - sorted[k] : double.NaN;
            var sigma = double.IsNaN(left) ? right : double.IsNaN(right) ? left : Math.Max(left, right);
            sigmas[order[k]] = double.IsNaN(sigma) ? range : Math.Clamp(sigma, range / Math.Min(100.0, 1.0 + points.Count), range);
        }
        sigmas[^1] = range;
        _mus = [.. points.Select(p => p.Mu)];
        _sigmas = sigmas;
        _weights = Normalize([.. points.Select(p => p.Weight)]);
        _logNormalizers = [.. _mus.Select((mu, i) => Math.Log(Math.Max(NormalCdf((_high - mu) / _sigmas[i]) - NormalCdf((_low - mu) / _sigmas[i]), 1e-300)))];
    }

    /// <summary>A draw, in the dimension's own units.</summary>
    public double Sample(Random random)
    {
        var k = Pick(_weights, random);
        if (_dimension.Kind == DimensionKind.Choice)
            return k;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var x = _mus[k] + (_sigmas[k] * StandardNormal(random));
            if (x >= _low && x <= _high)
                return _dimension.FromScale(x);
        }
        return _dimension.FromScale(Math.Clamp(_mus[k], _low, _high));
    }

    /// <summary>The log density at <paramref name="value"/> (in the dimension's own units; up to a constant shared by estimators of one dimension).</summary>
    public double LogDensity(double value)
    {
        if (_dimension.Kind == DimensionKind.Choice)
            return Math.Log(_weights[(int)value]);
        var x = _dimension.ToScale(value);
        var terms = _mus.Select((mu, i) =>
        {
            var z = (x - mu) / _sigmas[i];
            return Math.Log(_weights[i]) - (0.5 * z * z) - Math.Log(_sigmas[i]) - _logNormalizers[i];
        }).ToArray();
        var max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
    }

    private static double[] Normalize(double[] weights)
    {
        var sum = weights.Sum();
        return [.. weights.Select(w => w / sum)];
    }

    private static int Pick(double[] weights, Random random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
                return i;
        }
        return weights.Length - 1;
    }

    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The standard normal CDF, for the truncated kernels' normalizers (to 1.2e-7, plenty for ranking candidates).</summary>
    private static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Complementary error function, Numerical Recipes' erfcc (fractional error below 1.2e-7 everywhere).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806 + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
