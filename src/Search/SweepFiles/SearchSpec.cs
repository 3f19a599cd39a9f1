using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.SweepFiles;

/// <summary>How the random strategy draws its samples.</summary>
public enum Sampler
{
    /// <summary>Independent seeded draws.</summary>
    Random,

    /// <summary>A Halton sequence, one prime base per parameter, its digits scrambled by the seed: samples spread evenly instead of clumping.</summary>
    QuasiRandom,

    /// <summary>Tree-structured Parzen Estimator: random draws first, then each sample where the results so far are good.</summary>
    Tpe,
}

/// <summary>A named set of overrides: path -> value.</summary>
public sealed record VariantSpec
{
    public string Name { get; init; } = "";

    public IReadOnlyDictionary<string, JsonNode?> Set { get; init; } = new Dictionary<string, JsonNode?>();
}

/// <summary>The <c>search</c> section (and each of its stages): how trials vary from the base.</summary>
public sealed record SearchSpec
{
    public SearchStrategy Strategy { get; init; } = SearchStrategy.Grid;

    /// <summary>A stage's name.</summary>
    public string? Name { get; init; }

    /// <summary>grid: path -> list of values; random: path -> distribution.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Parameters { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>random: how many samples.</summary>
    public int Samples { get; init; } = 10;

    /// <summary>random: how the samples are drawn.</summary>
    public Sampler Sampler { get; init; } = Sampler.Random;

    /// <summary>tpe: samples drawn at random before TPE models the results.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>tpe: candidates drawn per proposal; the one most likely to be good wins.</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>ablation: path -> values, each tried alone on the base.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Factors { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>ablation extras and the variants strategy.</summary>
    public IReadOnlyList<VariantSpec> Variants { get; init; } = [];

    /// <summary>variants: each on top of the previous one.</summary>
    public bool Cumulative { get; init; }

    /// <summary>variants: run the base first.</summary>
    public bool IncludeBase { get; init; } = true;

    /// <summary>stages: each stage's best trial, by <see cref="Metric"/>, is the next stage's base.</summary>
    public IReadOnlyList<SearchSpec> Stages { get; init; } = [];

    /// <summary>stages: what picks each stage's winner; random with sampler tpe: what TPE optimises.</summary>
    public string Metric { get; init; } = MetricRegistry.ValAccuracy.Name;

    /// <summary>Every trial runs with this many seeds: seed, seed + 1, ...</summary>
    public int Repeats { get; init; } = 1;
}
