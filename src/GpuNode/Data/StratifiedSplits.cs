namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Stratified, seed-deterministic ways of cutting a labelled set: every class keeps (as nearly as
/// whole numbers allow) its share in each part, and the same seed always gives the same indices.
/// </summary>
public static class StratifiedSplits
{
    /// <summary>Holds out <paramref name="validationFraction"/> of each class for validation.</summary>
    public static DataSplit TrainValidation(ReadOnlySpan<int> labels, int classes, double validationFraction, int seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "A validation fraction must lie strictly between 0 and 1.");
        var byClass = ShuffledByClass(labels, classes, seed);
        var quota = Allocate(byClass, (int)Math.Round(labels.Length * validationFraction, MidpointRounding.AwayFromZero));
        var validation = byClass.SelectMany((members, c) => members.Take(quota[c])).Order().ToArray();
        var train = byClass.SelectMany((members, c) => members.Skip(quota[c])).Order().ToArray();
        return new DataSplit(train, validation);
    }

    /// <summary><paramref name="folds"/> splits whose validation parts partition the set.</summary>
    public static IReadOnlyList<DataSplit> KFold(ReadOnlySpan<int> labels, int classes, int folds, int seed)
    {
        var byClass = ShuffledByClass(labels, classes, seed);
        var smallest = byClass.Where(m => m.Count > 0).Min(m => m.Count);
        if (folds < 2 || folds > smallest)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"k-fold needs 2 <= k <= {smallest} (the smallest class size).");

        var fold = new int[labels.Length];
        var next = 0;
        foreach (var members in byClass)
        {
            // Dealing round-robin and carrying the position across classes keeps fold sizes within one.
            foreach (var index in members)
                fold[index] = next++ % folds;
        }
        return Enumerable.Range(0, folds)
            .Select(k => new DataSplit(
                Enumerable.Range(0, fold.Length).Where(i => fold[i] != k).ToArray(),
                Enumerable.Range(0, fold.Length).Where(i => fold[i] == k).ToArray()))
            .ToList();
    }

    /// <summary>A stratified sample of <paramref name="size"/> indices, for quick runs.</summary>
    public static int[] Subset(ReadOnlySpan<int> labels, int classes, int size, int seed)
    {
        if (size < 1 || size > labels.Length)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A subset must hold between 1 and {labels.Length} items.");
        var byClass = ShuffledByClass(labels, classes, seed);
        var quota = Allocate(byClass, size);
        return byClass.SelectMany((members, c) => members.Take(quota[c])).Order().ToArray();
    }

    private static List<int>[] ShuffledByClass(ReadOnlySpan<int> labels, int classes, int seed)
    {
        var byClass = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < labels.Length; i++)
            byClass[labels[i]].Add(i);
        var random = new Random(seed);
        foreach (var members in byClass)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members);
            random.Shuffle(span);
        }
        return byClass;
    }

    /// <summary>Splits <paramref name="total"/> over classes in proportion to their sizes (largest remainder).</summary>
    private static int[] Allocate(List<int>[] byClass, int total)
    {
        long all = byClass.Sum(m => m.Count);
        var exact = byClass.Select(m => (double)total * m.Count / all).ToArray();
        var quota = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var order = Enumerable.Range(0, exact.Length).OrderByDescending(c => exact[c] - quota[c]).ThenBy(c => c);
        foreach (var c in order.Take(total - quota.Sum()))
            quota[c]++;
        return quota;
    }
}
