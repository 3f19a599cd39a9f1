using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Api;

/// <summary>The nodes at work, as the running trials' records show them.</summary>
public static class NodeDocuments
{
    /// <param name="running">The trials running now, in any sweep.</param>
    /// <param name="groups">The fused group of each running trial's current attempt, by (sweep, trial).</param>
    public static IReadOnlyList<NodeDocument> Of(IReadOnlyList<TrialRecord> running, IReadOnlyDictionary<(string SweepId, string TrialId), string> groups) =>
        [.. running.Where(t => t.Node is not null).GroupBy(t => t.Node!).OrderBy(n => n.Key, StringComparer.Ordinal).Select(node =>
        {
            var trials = node.Select(t => new NodeTrial(t.SweepId, t.TrialId, t.Label, t.Attempt, t.LastEpoch, t.Spec.Training.Epochs,
                groups.GetValueOrDefault((t.SweepId, t.TrialId)), t.Latest?.ImagesPerSecond)).ToList();
            var fused = trials.Where(t => t.GroupId is not null).Select(t => t.GroupId).Distinct().Count();
            // A fused member's rate is its own images over the group's epoch time: the members' rates add up.
            return new NodeDocument(node.Key, trials.Count(t => t.GroupId is null) + fused, fused, trials.Sum(t => t.ImagesPerSecond ?? 0), trials);
        })];
}
