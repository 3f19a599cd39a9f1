using System.Text.Json.Nodes;

namespace SweepCluster.Search.Schedulers;

/// <summary>What a scheduler decides about a trial after one of its epochs; no decision means it goes on.</summary>
public abstract record SchedulerDecision(string Reason);

/// <summary>Stop the trial now; it keeps what it recorded.</summary>
/// <param name="Rung">The ASHA rung (0-based) it was judged at, for asha and hyperband.</param>
public sealed record StopDecision(int? Rung, string Reason) : SchedulerDecision(Reason);

/// <summary>
/// PBT: go on from <paramref name="DonorId"/>'s weights of epoch <paramref name="DonorEpoch"/>, with
/// these hyperparameters changed (path -> new value).
/// </summary>
public sealed record ExploitDecision(string DonorId, int DonorEpoch, IReadOnlyDictionary<string, JsonNode?> Changes, string Reason) : SchedulerDecision(Reason);
