using System.Text.Json.Nodes;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;
using SweepCluster.Search.SweepFiles.Strategies;

namespace SweepCluster.Search.Schedulers;

/// <summary>
/// Population-based training (Jaderberg et al. 2017), truncation selection as in Ray Tune: every
/// interval epochs, a trial ranks itself among the trials that reached the same epoch. In the bottom
/// quantile (ceil(n x quantile) trials, at most half) it exploits: it takes the weights and the
/// hyperparameters of a trial from the top quantile, drawn with a seeded generator. Then it explores:
/// each mutation is drawn afresh with resample_probability, else a number is multiplied by one of the
/// perturbation factors (kept within its distribution's bounds) and a choice moves to a neighbour.
/// </summary>
public sealed class PbtScheduler : ITrialScheduler
{
    private readonly SchedulerMetric _metric;
    private readonly SchedulerSpec _spec;
    private readonly int _maxEpochs;
    private readonly long _seed;
    private readonly List<(string Path, Distribution Draw)> _mutations;

    /// <param name="seed">The sweep's seed: with it, which donor and which changes are a function of the trial and the epoch.</param>
    public PbtScheduler(SchedulerMetric metric, SchedulerSpec spec, int maxEpochs, long seed)
    {
        _metric = metric;
        _spec = spec;
        _maxEpochs = maxEpochs;
        _seed = seed;
        _mutations = [.. spec.Mutations.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (m.Key, Distribution.Parse(m.Value, out _)!))];
    }

    public SchedulerDecision? Decide(TrialProgress trial, int epoch, IReadOnlyCollection<TrialProgress> others)
    {
        if (epoch % _spec.Interval != 0 || epoch >= _maxEpochs)
            return null;
        var population = others.Where(o => o.Epochs.ContainsKey(epoch)).Append(trial)
            .OrderBy(t => _metric.Mode == MetricMode.Max ? -_metric.Of(t.Epochs[epoch]) : _metric.Of(t.Epochs[epoch]))
            .ThenBy(t => t.Index).ToList();
        var quantile = Math.Min((int)Math.Ceiling(population.Count * _spec.Quantile), population.Count / 2);
        if (quantile < 1 || population.IndexOf(trial) < population.Count - quantile)
            return null;
        var random = new Random(unchecked((int)((_seed * 1_000_003) ^ (trial.Index * 7_919L) ^ epoch)));
        var donor = population[random.Next(quantile)];
        var tree = SweepExpander.FromTrial(donor.Spec);
        var changes = new Dictionary<string, JsonNode?>();
        foreach (var (path, draw) in _mutations)
            changes[path] = Explore(draw, SpecPath.Get(tree, path), random);
        var value = _metric.Of(trial.Epochs[epoch]);
        var donorValue = _metric.Of(donor.Epochs[epoch]);
        return new ExploitDecision(donor.TrialId, epoch, changes,
            $"epoch {epoch}: {_metric.Name} {SchedulerMetric.Format(value)} is in the bottom {quantile} of {population.Count}; continues from {donor.TrialId} ({SchedulerMetric.Format(donorValue)}) with {string.Join(", ", changes.Select(c => $"{c.Key}={c.Value?.ToJsonString()}"))}");
    }

    private JsonNode? Explore(Distribution draw, JsonNode? current, Random random)
    {
        var u = random.NextDouble();
        var factor = _spec.PerturbationFactors[random.Next(_spec.PerturbationFactors.Count)];
        if (random.NextDouble() < _spec.ResampleProbability || current is null)
            return draw.Sample(u);
        return draw.Perturb(current, factor);
    }
}
