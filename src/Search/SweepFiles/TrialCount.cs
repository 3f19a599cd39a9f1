using System.Numerics;
using System.Text.Json.Nodes;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// How many trials a search plans, from the file alone, so that a huge one is refused before it is
/// expanded. An upper bound: trials that resolve to the same spec are merged later.
/// </summary>
internal static class TrialCount
{
    /// <summary>Repeats are read from the top-level search only, as expanding does.</summary>
    public static BigInteger Of(SearchSpec? search) => search is null ? 1 : Math.Max(1, search.Repeats) * (search.Strategy == SearchStrategy.Stages
        ? search.Stages.Aggregate(BigInteger.Zero, (sum, stage) => sum + Once(stage))
        : Once(search));

    private static BigInteger Once(SearchSpec search) => search.Strategy switch
    {
        SearchStrategy.Grid => search.Parameters.Values.Aggregate(BigInteger.One, (product, values) => product * Values(values)),
        SearchStrategy.Random => Math.Max(0, search.Samples),
        SearchStrategy.Ablation => 1 + search.Factors.Values.Aggregate(BigInteger.Zero, (sum, values) => sum + Values(values)) + search.Variants.Count,
        _ => (search.IncludeBase ? 1 : 0) + search.Variants.Count,
    };

    // Anything but a list is refused by the strategy later; it counts as one here.
    private static int Values(JsonNode? node) => node is JsonArray list ? list.Count : 1;
}
