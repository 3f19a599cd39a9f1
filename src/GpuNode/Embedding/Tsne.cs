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
        var offDiagonal = 1 - eye(n, dtype: ScalarType.Float64, device: features.device);
        var components = PrincipalComponents(features.to_type(ScalarType.Float64).flatten(1));
        var p = Affinities(components.narrow(1, 0, Math.Min(options.PcaDimensions, components.shape[1])), options.Perplexity, offDiagonal);
        var first = components.narrow(1, 0, 2);
        var start = first / first.select(1, 0).std() * 1e-4;
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
        var squares = (x * x).sum(1);
        var distances = (squares.unsqueeze(1) + squares.unsqueeze(0) - 2 * x.matmul(x.T)).clamp_min(0) * offDiagonal;
        // Shifting each row by its nearest distance leaves the normalised row unchanged and keeps exp() from underflowing.
        var nearest = (distances + (1 - offDiagonal) * distances.max()).min(1, keepdim: true).values;
        var shifted = (distances - nearest).clamp_min(0);
        var target = Math.Log(perplexity);
        var beta = ones(n, 1, dtype: ScalarType.Float64, device: x.device);
        var low = zeros_like(beta);
        var high = full_like(beta, double.PositiveInfinity);
        Tensor conditional = null!;
        for (var step = 0; step < CalibrationSteps; step++)
        {
            var weights = exp(-shifted * beta) * offDiagonal;
            var total = weights.sum(1, keepdim: true).clamp_min(1e-300);
            conditional = weights / total;
            var entropy = log(total) + beta * (shifted * conditional).sum(1, keepdim: true);
            // Too much entropy: the Gaussian is too wide, so the precision must grow.
            var grow = entropy > target;
            low = where(grow, beta, low);
            high = where(grow, high, beta);
            beta = where(grow, where(isinf(high), beta * 2, (beta + high) / 2), (beta + low) / 2);
        }
        return ((conditional + conditional.T) / (2 * n)).clamp_min(1e-12) * offDiagonal;
    }

    private static Tensor Optimise(Tensor p, Tensor offDiagonal, Tensor start, TsneOptions options)
    {
        var n = p.shape[0];
        var y = start;
        var update = zeros_like(y);
        var gains = ones_like(y);
        var rate = Math.Max(n / EarlyExaggeration / 4, 50);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var early = iteration < ExaggerationIterations;
            Tensor nextY, nextUpdate, nextGains;
            using (NewDisposeScope())
            {
                var squares = (y * y).sum(1);
                var kernel = 1 / (1 + squares.unsqueeze(1) + squares.unsqueeze(0) - 2 * y.matmul(y.T)) * offDiagonal;
                var q = (kernel / kernel.sum()).clamp_min(1e-12);
                var forces = ((early ? EarlyExaggeration : 1) * p - q) * kernel;
                var gradient = 4 * (forces.sum(1, keepdim: true) * y - forces.matmul(y));
                nextGains = where(gradient * update < 0, gains + 0.2, gains * 0.8).clamp_min(0.01).MoveToOuterDisposeScope();
                nextUpdate = ((early ? 0.5 : 0.8) * update - rate * nextGains * gradient).MoveToOuterDisposeScope();
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
