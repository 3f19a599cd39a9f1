using System.Globalization;
using SweepCluster.Search.Samplers;

// For each test function and seed: random search, sequential TPE, and TPE proposing 4 at a time (each
// proposal made while the 3 before it are pending, as with 4 busy slots: the constant liar at work).
// Prints, per method, the median over seeds of the best value found after n trials, and how often
// TPE's best beat random search's.
var seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var budgets = new[] { 25, 50, 100 };
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"{seeds} seeds; best value after n trials (median over seeds; lower is better)");
foreach (var function in new[] { TestFunction.Branin, TestFunction.Hartmann6 })
{
    Console.WriteLine($"\n{function.Name} (minimum {function.Minimum})");
    Console.WriteLine($"{"method",-22}{string.Join("", budgets.Select(n => $"{"n=" + n,12}"))}");
    var methods = new (string Name, Func<int, double[]> Run)[]
    {
        ("random", seed => Run(function, seed, budgets[^1], batch: 0)),
        ("tpe", seed => Run(function, seed, budgets[^1], batch: 1)),
        ("tpe, 4 pending", seed => Run(function, seed, budgets[^1], batch: 4)),
    };
    var results = methods.Select(m => (m.Name, Curves: Enumerable.Range(0, seeds).Select(m.Run).ToList())).ToList();
    foreach (var (name, curves) in results)
        Console.WriteLine($"{name,-22}{string.Join("", budgets.Select(n => $"{Median(curves.Select(c => c[n - 1])),12:F4}"))}");
    foreach (var (name, curves) in results.Skip(1))
    {
        var wins = budgets.Select(n => Enumerable.Range(0, seeds).Count(s => curves[s][n - 1] < results[0].Curves[s][n - 1]));
        Console.WriteLine($"{name + " beats random",-22}{string.Join("", wins.Select(w => $"{w + "/" + seeds,12}"))}");
    }
}

// Best value so far after each trial. batch 0: random search; 1: sequential TPE; k: TPE with k - 1 pending at every proposal.
static double[] Run(TestFunction function, int seed, int trials, int batch)
{
    var random = new Random(seed);
    var tpe = new TreeParzenEstimator(function.Space, new TpeOptions());
    var observed = new List<Observation>();
    var best = new double[trials];
    var pending = new Queue<(int Index, double[] Point)>();
    for (var i = 0; i < trials; i++)
    {
        var point = batch == 0 ? [.. function.Space.Select(d => d.FromUnit(random.NextDouble()))] : tpe.Propose(observed, random);
        observed.Add(new Observation([.. point.Select(v => (double?)v)], null));
        pending.Enqueue((observed.Count - 1, point));
        // The oldest pending trial finishes once the batch is full (or at once, sequentially).
        while (pending.Count >= Math.Max(1, batch) || (i == trials - 1 && pending.Count > 0))
        {
            var (index, done) = pending.Dequeue();
            observed[index] = observed[index] with { Loss = function.Value(done) };
        }
        best[i] = observed.Where(o => o.Loss is not null).Select(o => o.Loss!.Value).DefaultIfEmpty(double.PositiveInfinity).Min();
    }
    return best;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
