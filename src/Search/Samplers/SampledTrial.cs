using System.Text.Json.Nodes;

namespace SweepCluster.Search.Samplers;

/// <summary>A trial of a TPE sweep as the proposer sees it.</summary>
/// <param name="Overrides">Its sampled values, path -> value.</param>
/// <param name="Value">Its metric once it has one (null while it runs, and for a failed trial).</param>
/// <param name="Pending">Still queued or training: a constant liar.</param>
/// <param name="Stopped">Stopped early by a scheduler: ranked after every trial that ran to its end.</param>
public sealed record SampledTrial(string TrialId, IReadOnlyDictionary<string, JsonNode?> Overrides, double? Value, bool Pending, bool Stopped = false);
