namespace SweepCluster.Search.SweepFiles.Strategies;

/// <summary>
/// Points of the Halton sequence in [0, 1)^d (coordinate k in the k-th prime base) with each digit
/// position of each coordinate put through its own seeded permutation (random digit scrambling).
/// Different seeds give different point sets, and the scrambling keeps the sequence's exact spread
/// (a shift would not): the first 2^a * 3^b points of two coordinates put one point in each cell of a
/// 2^a by 3^b grid, and the same holds for any two prime bases.
/// </summary>
internal sealed class HaltonPoints
{
    private readonly int[] _bases;
    private readonly int[][][] _permutations;

    public HaltonPoints(int dimensions, Random random)
    {
        _bases = [.. Primes().Take(dimensions)];
        // Enough digits to reach double precision in every base.
        _permutations = [.. _bases.Select(b => Enumerable.Range(0, (int)Math.Ceiling(52 / Math.Log2(b)))
            .Select(_ => Shuffled(b, random)).ToArray())];
    }

    /// <summary>The point with 0-based index <paramref name="index"/>.</summary>
    public double[] Point(int index) => [.. _bases.Select((b, k) => Scrambled(index, b, _permutations[k]))];

    /// <summary>The digits of <paramref name="index"/> in base <paramref name="b"/>, each permuted, mirrored behind the point.</summary>
    private static double Scrambled(int index, int b, int[][] permutations)
    {
        double value = 0, scale = 1.0 / b;
        var rest = index;
        foreach (var permutation in permutations)
        {
            value += permutation[rest % b] * scale;
            rest /= b;
            scale /= b;
        }
        return value;
    }

    private static int[] Shuffled(int count, Random random)
    {
        var items = Enumerable.Range(0, count).ToArray();
        random.Shuffle(items);
        return items;
    }

    private static IEnumerable<int> Primes()
    {
        for (var n = 2; ; n++)
        {
            if (Enumerable.Range(2, Math.Max(0, (int)Math.Sqrt(n) - 1)).All(d => n % d != 0))
                yield return n;
        }
    }
}
