using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Search.Schedulers;

/// <summary>One trial as a scheduler sees it: its place in the sweep and every epoch it has recorded.</summary>
/// <param name="Index">Its position in the sweep (plan order), which assigns Hyperband brackets.</param>
/// <param name="Epochs">Epoch number -> metrics, for every epoch recorded so far (across attempts).</param>
/// <param name="Spec">What it trains now (PBT changes it).</param>
public sealed record TrialProgress(string TrialId, int Index, IReadOnlyDictionary<int, EpochMetrics> Epochs, TrialSpec Spec);
