using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// What a sweep's decisions need beyond its trials, resolved once when the sweep file is expanded at
/// submission and recorded with it: the scheduler, the sampler and the stage plan. Recovery, later
/// stages, proposals and reports read this, never the sweep file, so they do not depend on how a
/// later version reads sweep files.
/// </summary>
/// <param name="Strategy">The search's strategy; null for a sweep file without a search (its base alone).</param>
/// <param name="Scheduler">Budget, mode and seed resolved; null when trials run to their end.</param>
/// <param name="Sampler">Set when TPE proposes trials as results arrive.</param>
/// <param name="Stages">Set for a stages search: how each later stage is expanded on the one before's winner.</param>
public sealed record SweepDesign(SearchStrategy? Strategy, SchedulerSpec? Scheduler, TpeDesign? Sampler, StageDesign? Stages)
{
    /// <summary>Trials that run to their end and nothing that follows them.</summary>
    public static readonly SweepDesign None = new(null, null, null, null);
}

/// <summary>A TPE search: the dimensions it proposes over and the base its proposals change.</summary>
/// <param name="Samples">Trials in all, the startup draws included.</param>
/// <param name="Metric">The final metric TPE optimises.</param>
/// <param name="Base">The base trial (dataset, model and training) as the sweep file writes it.</param>
/// <param name="Parameters">Path -> distribution, in the sweep file's order (the order fixes the proposals).</param>
/// <param name="Seed">The sweep's seed: proposal n is drawn from seed and n.</param>
public sealed record TpeDesign(int Samples, string Metric, int StartupTrials, int Candidates, JsonObject Base, JsonObject Parameters, long Seed)
{
    /// <summary>Whether TPE looks for the metric's highest values (accuracies) or its lowest (losses).</summary>
    [JsonIgnore]
    public bool Maximise => MetricRegistry.Get(Metric).HigherIsBetter;
}

/// <summary>A stages search: each stage's winner by <paramref name="Metric"/> is the base the next stage is expanded on.</summary>
/// <param name="Names">Every stage's name, in order.</param>
/// <param name="Search">The search section, every stage's strategy and parameters, as validated at submission.</param>
/// <param name="Seed">The sweep's seed: trials of every stage take it (plus their repeat).</param>
public sealed record StageDesign(string Metric, IReadOnlyList<string> Names, JsonObject Search, long Seed);
