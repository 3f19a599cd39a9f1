using System.Text.Json.Nodes;

namespace SweepCluster.Coordinator.Analysis;

/// <summary>One trial as importance reads it: its values of the varied parameters (a parameter a condition left out is absent) and its metric.</summary>
/// <param name="Value">The metric; null for a trial without it (left out).</param>
public sealed record ImportanceTrial(IReadOnlyDictionary<string, JsonNode?> Parameters, double? Value);
