using System.Text.Json.Nodes;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Search.SweepFiles;

/// <summary>One trial of a sweep: its id, what distinguishes it, its resolved spec and its shape.</summary>
/// <param name="Overrides">Path -> value for every change from the base (for result tables).</param>
/// <param name="Repeat">0-based repeat (seed offset) when the search repeats trials.</param>
public sealed record PlannedTrial(
    int Index,
    string Id,
    string Label,
    IReadOnlyDictionary<string, JsonNode?> Overrides,
    int Repeat,
    TrialSpec Spec,
    ModelSummary Summary);

/// <summary>What a sweep file expands to: the trials known now, and stages that wait for results.</summary>
/// <param name="StageName">The expanded stage's name (stages sweeps only).</param>
/// <param name="StageMetric">What picks each stage's winner (stages sweeps only).</param>
/// <param name="Design">What the sweep's decisions need later (scheduler, sampler, stage plan), resolved: recorded with the submission. Null for a later stage's expansion.</param>
public sealed record SweepPlan(
    string Name, SearchStrategy? Strategy, IReadOnlyList<PlannedTrial> Trials, IReadOnlyList<string> PendingStages, string? StageName = null, string? StageMetric = null,
    SweepDesign? Design = null)
{
    /// <summary>The scheduler section, its budget and mode resolved; null when trials run to their end.</summary>
    public SchedulerSpec? Scheduler => Design?.Scheduler;

    /// <summary>For a TPE search: its trials so far are the startup draws, and the rest are proposed as results arrive.</summary>
    public TpeDesign? Sampling => Design?.Sampler;
}
