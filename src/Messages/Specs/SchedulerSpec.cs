using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.Messages.Specs;

public enum SchedulerKind
{
    /// <summary>Stop a trial whose best so far is worse than the median of the others at the same epoch.</summary>
    Median,

    /// <summary>Asynchronous successive halving: only the top 1/reduction_factor of each rung go on.</summary>
    Asha,

    /// <summary>Several ASHA brackets with different first rungs, trials spread over them in Hyperband's proportions.</summary>
    Hyperband,

    /// <summary>Population-based training: weak trials take over a strong trial's weights and perturb their hyperparameters.</summary>
    Pbt,
}

public enum MetricMode
{
    Max,
    Min,
}

/// <summary>
/// The <c>scheduler</c> section of a sweep file: what decides, after each epoch, whether a trial goes on.
/// A sweep's submission records it resolved (budget, mode and seed written out).
/// </summary>
public sealed record SchedulerSpec
{
    public SchedulerKind Type { get; init; }

    /// <summary>A metric recorded after every epoch (<see cref="MetricRegistry.PerEpoch"/>): val_accuracy, val_loss, train_accuracy or train_loss.</summary>
    public string Metric { get; init; } = MetricRegistry.ValAccuracy.Name;

    /// <summary>Whether larger is better; by default min for losses, max otherwise.</summary>
    public MetricMode? Mode { get; init; }

    /// <summary>The epoch budget of a trial that is never stopped; by default the base trial's training.epochs.</summary>
    public int? MaxEpochs { get; init; }

    /// <summary>median: epochs before any stop; asha, hyperband: the first rung.</summary>
    public int GracePeriod { get; init; } = 1;

    /// <summary>asha, hyperband: rungs are grace_period x reduction_factor^k epochs, and 1/reduction_factor of each rung goes on.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>hyperband: how many brackets, the most aggressive first; by default all that fit the budget.</summary>
    public int? Brackets { get; init; }

    /// <summary>median: how many other trials must have reached an epoch before a trial is judged there.</summary>
    public int MinTrials { get; init; } = 3;

    /// <summary>pbt: epochs between two exploit/explore steps.</summary>
    public int Interval { get; init; } = 2;

    /// <summary>pbt: the bottom fraction of the population copies from the top fraction.</summary>
    public double Quantile { get; init; } = 0.25;

    /// <summary>pbt: the chance that a mutated value is drawn afresh instead of perturbed.</summary>
    public double ResampleProbability { get; init; } = 0.25;

    /// <summary>pbt: a perturbed number is multiplied by one of these.</summary>
    public IReadOnlyList<double> PerturbationFactors { get; init; } = [0.8, 1.2];

    /// <summary>pbt: seeds the choice of donors and changes; by default the sweep's seed.</summary>
    public long? Seed { get; init; }

    /// <summary>pbt: path -> distribution (as in random search) of the hyperparameters that explore may change.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Mutations { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>The mode the metric is ranked in.</summary>
    public MetricMode Direction => Mode ?? (MetricRegistry.Get(Metric).HigherIsBetter ? MetricMode.Max : MetricMode.Min);
}
