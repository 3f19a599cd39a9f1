using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Embedding;

/// <param name="Perplexity">The effective number of neighbours each point's similarities are calibrated to.</param>
/// <param name="PcaDimensions">Features are first projected on this many principal components (noise and cost both fall).</param>
public sealed record TsneOptions(double Perplexity = 30, int Iterations = 1000, int PcaDimensions = 50);

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton, 2008) in tensor operations, so it runs wherever the tensors
/// are (a GPU when the features are on one). The optimiser follows the reference implementation, as
/// scikit-learn does: early exaggeration 12 for 250 iterations at momentum 0.5, then 0.8, adaptive
/// gains, learning rate max(N / 48, 50), and (scikit-learn's default since 1.2) the first two principal
/// components, scaled to a standard deviation of 1e-4, as the starting layout: it keeps the global
/// arrangement and makes the result a function of the input alone. Memory and time grow with N²:
/// meant for a few thousand points.
/// </summary>
public static class Tsne
{
    private const double EarlyExaggeration = 12;
    private const int ExaggerationIterations = 250;
    private const int CalibrationSteps = 100;

    /// <summary>A 2-D embedding of the rows of <paramref name="features"/> [N, D], as N (x, y) pairs.</summary>
    public static (double X, double Y)[] Embed(Tensor features, TsneOptions options)
    {
        var n = features.shape[0];
        if (options.Perplexity < 1 || options.Perplexity * 3 >= n)
            throw new ArgumentException($"t-SNE needs more than three times the perplexity ({options.Perplexity}) in points; it was given {n}.");
        using var scope = NewDisposeScope();
        using Scalar unit = 1.0;
        var offDiagonal = eye(n, dtype: ScalarType.Float64, device: features.device).neg().add(unit);
        var components = PrincipalComponents(features.to_type(ScalarType.Float64).flatten(1));
        var p = Affinities(components.narrow(1, 0, Math.Min(options.PcaDimensions, components.shape[1])), options.Perplexity, offDiagonal);
        var first = components.narrow(1, 0, 2);
        using Scalar startScale = 1e-4;
        var start = (first / first.select(1, 0).std()).mul(startScale);
        // Single precision is plenty for the descent and halves its memory traffic; P was calibrated in double.
        var y = Optimise(p.to_type(ScalarType.Float32), offDiagonal.to_type(ScalarType.Float32), start.to_type(ScalarType.Float32), options);
        var values = y.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        return [.. Enumerable.Range(0, (int)n).Select(i => (values[2 * i], values[2 * i + 1]))];
    }

    /// <summary>Each point's coordinates on the principal axes, largest variance first (all of them: distances are unchanged).</summary>
    private static Tensor PrincipalComponents(Tensor x)
    {
        var (u, s, _) = linalg.svd(x - x.mean([0], keepdim: true), fullMatrices: false);
        return u * s;
    }

    /// <summary>Joint probabilities P: each row's Gaussian precision found by bisection (all rows at once) to match the perplexity, then symmetrised.</summary>
    private static Tensor Affinities(Tensor x, double perplexity, Tensor offDiagonal)
    {
        var n = x.shape[0];
        // Scalars made once and disposed here: an operator given a double makes a Scalar that only the finalizer frees.
        using Scalar zero = 0.0, one = 1.0, two = 2.0, tiny = 1e-300, floor = 1e-12, entropyTarget = Math.Log(perplexity), pairs = 2.0 * n;
        var squares = (x * x).sum(1);
        var distances = (squares.unsqueeze(1) + squares.unsqueeze(0) - x.matmul(x.T).mul(two)).clamp_min(zero) * offDiagonal;
        // Shifting each row by its nearest distance leaves the normalised row unchanged and keeps exp() from underflowing.
        var nearest = (distances + offDiagonal.neg().add(one) * distances.max()).min(1, keepdim: true).values;
        var shifted = (distances - nearest).clamp_min(zero);
        var beta = ones(n, 1, dtype: ScalarType.Float64, device: x.device);
        var low = zeros_like(beta);
        var high = full_like(beta, double.PositiveInfinity);
        Tensor conditional = null!;
        for (var step = 0; step < CalibrationSteps; step++)
        {
            var weights = exp(-shifted * beta) * offDiagonal;
            var total = weights.sum(1, keepdim: true).clamp_min(tiny);
            conditional = weights / total;
            var entropy = log(total) + beta * (shifted * conditional).sum(1, keepdim: true);
            // Too much entropy: the Gaussian is too wide, so the precision must grow.
            var grow = entropy.gt(entropyTarget);
            low = where(grow, beta, low);
            high = where(grow, high, beta);
            beta = where(grow, where(isinf(high), beta.mul(two), (beta + high).div(two)), (beta + low).div(two));
        }
        return (conditional + conditional.T).div(pairs).clamp_min(floor) * offDiagonal;
    }

    /// <summary>
    /// Gradient descent on the embedding. Every constant is a Scalar made once: a double given to an
    /// operator becomes a Scalar that only the finalizer frees (TorchSharp 0.107), thousands of them
    /// per embedding otherwise.
    /// </summary>
    private static Tensor Optimise(Tensor p, Tensor offDiagonal, Tensor start, TsneOptions options)
    {
        var n = p.shape[0];
        using Scalar zero = 0.0, one = 1.0, two = 2.0, four = 4.0, floor = 1e-12, gainStep = 0.2, gainDecay = 0.8, minGain = 0.01,
            exaggeration = EarlyExaggeration, earlyMomentum = 0.5, lateMomentum = 0.8, rate = Math.Max(n / EarlyExaggeration / 4, 50);
        var y = start;
        var update = zeros_like(y);
        var gains = ones_like(y);
        using var exaggerated = p.mul(exaggeration);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var early = iteration < ExaggerationIterations;
            Tensor nextY, nextUpdate, nextGains;
            using (NewDisposeScope())
            {
                var squares = (y * y).sum(1);
                var kernel = (squares.unsqueeze(1) + squares.unsqueeze(0) - y.matmul(y.T).mul(two)).add(one).reciprocal() * offDiagonal;
                var q = (kernel / kernel.sum()).clamp_min(floor);
                var forces = ((early ? exaggerated : p) - q) * kernel;
                var gradient = (forces.sum(1, keepdim: true) * y - forces.matmul(y)).mul(four);
                nextGains = where((gradient * update).lt(zero), gains.add(gainStep), gains.mul(gainDecay)).clamp_min(minGain).MoveToOuterDisposeScope();
                nextUpdate = (update.mul(early ? earlyMomentum : lateMomentum) - (nextGains * gradient).mul(rate)).MoveToOuterDisposeScope();
                nextY = (y + nextUpdate).MoveToOuterDisposeScope();
            }
            // Only the latest state is needed: the previous one is freed now rather than when the embedding ends.
            y.Dispose();
            update.Dispose();
            gains.Dispose();
            (y, update, gains) = (nextY, nextUpdate, nextGains);
        }
        return y;
    }
}
