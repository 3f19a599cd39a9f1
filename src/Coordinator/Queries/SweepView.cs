using System.Collections.Immutable;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Queries;

/// <summary>What users see of a sweep, folded from its events alone: its state and every trial's epochs.</summary>
/// <param name="Epochs">Per trial, the recorded epochs of every attempt, in order.</param>
public sealed record SweepView(SweepState State, ImmutableDictionary<string, ImmutableList<EpochRecorded>> Epochs)
{
    public static SweepView From(string sweepId, IEnumerable<ISweepEvent> events)
    {
        var state = SweepState.New(sweepId);
        var epochs = ImmutableDictionary<string, ImmutableList<EpochRecorded>>.Empty;
        foreach (var e in events)
        {
            state = state.Apply(e);
            if (e is EpochRecorded recorded)
                epochs = epochs.SetItem(recorded.TrialId, epochs.GetValueOrDefault(recorded.TrialId, []).Add(recorded));
        }
        return new SweepView(state, epochs);
    }

    /// <summary>The epochs of the trial's current attempt (a resumed attempt continues the earlier ones' numbering).</summary>
    public IReadOnlyList<EpochMetrics> History(string trialId) =>
        [.. Epochs.GetValueOrDefault(trialId, [])
            .GroupBy(e => e.Metrics.Epoch)
            .Select(g => g.MaxBy(e => e.Attempt)!.Metrics)
            .OrderBy(m => m.Epoch)];
}
