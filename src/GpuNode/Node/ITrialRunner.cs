using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Node;

/// <summary>Trains one assigned trial on the calling thread, reporting each epoch; honours cancellation between batches.</summary>
public interface ITrialRunner
{
    TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel);

    /// <summary>The device memory an assignment (a trial or a fused group) is estimated to need, in bytes; 0 when unknown.</summary>
    long MemoryNeed(INodeMessage assignment) => 0;

    /// <summary>
    /// Trains a group of trials on the calling thread, reporting each member's epochs and outcome as
    /// they come; each member honours its own cancellation. Runners that cannot fuse train the members
    /// one after another.
    /// </summary>
    void RunGroup(AssignGroup group, Action<AssignTrial, EpochMetrics> onEpoch, Action<AssignTrial, TrialOutcome> onFinished, IReadOnlyList<CancellationToken> cancels)
    {
        for (var i = 0; i < group.Members.Count; i++)
        {
            var member = group.Members[i];
            onFinished(member, Run(member, epoch => onEpoch(member, epoch), cancels[i]));
        }
    }
}
