using System.Text.Json.Nodes;

namespace SweepCluster.Search.SweepFiles;

/// <summary>One change to the base: set <paramref name="Path"/> to <paramref name="Value"/>; <paramref name="Source"/> is where the file says so.</summary>
public sealed record Override(string Path, JsonNode? Value, string Source)
{
    /// <summary>Always in bracket form, however the file wrote it.</summary>
    public string Path { get; } = SpecPath.Normalize(Path);
}

/// <summary>A trial as a strategy describes it: a label and its changes to the base, in order.</summary>
public sealed record TrialPlan(string Label, IReadOnlyList<Override> Overrides);
