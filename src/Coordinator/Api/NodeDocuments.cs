using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Nodes;

namespace SweepCluster.Coordinator.Api;

/// <summary>The nodes: the running trials' records say what each trains, the broker what each last reported of itself.</summary>
public static class NodeDocuments
{
    /// <param name="running">The trials running now, in any sweep.</param>
    /// <param name="groups">The fused group of each running trial's current attempt, by (sweep, trial).</param>
    /// <param name="reports">The nodes the broker knows (idle ones included); none where no broker was asked.</param>
    public static IReadOnlyList<NodeDocument> Of(
        IReadOnlyList<TrialRecord> running, IReadOnlyDictionary<(string SweepId, string TrialId), string> groups, IReadOnlyList<NodeReport> reports)
    {
        var training = running.Where(t => t.Node is not null).ToLookup(t => t.Node!);
        var reported = reports.ToDictionary(r => r.Node);
        return [.. training.Select(n => n.Key).Union(reported.Keys).Order(StringComparer.Ordinal).Select(name =>
        {
            var trials = training[name].Select(t => new NodeTrial(t.SweepId, t.TrialId, t.Label, t.Attempt, t.LastEpoch, t.Spec.Training.Epochs,
                groups.GetValueOrDefault((t.SweepId, t.TrialId)), t.Latest?.ImagesPerSecond)).ToList();
            var fused = trials.Where(t => t.GroupId is not null).Select(t => t.GroupId).Distinct().Count();
            var report = reported.GetValueOrDefault(name);
            // A fused member's rate is its own images over the group's epoch time: the members' rates add up.
            return new NodeDocument(name, trials.Count(t => t.GroupId is null) + fused, fused, trials.Sum(t => t.ImagesPerSecond ?? 0), trials,
                report?.Device, report is { Slots: > 0 } ? report.Slots : null, report?.MemoryUsed, report?.MemoryLimit);
        })];
    }
}
