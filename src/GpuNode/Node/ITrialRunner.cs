using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Node;

/// <summary>Trains one assigned trial on the calling thread, reporting each epoch; honours cancellation between batches.</summary>
/// <summary>Where a group's members are reported, each as the trial it is.</summary>
public sealed record GroupReports(Action<AssignTrial, EpochMetrics> Epoch, Action<AssignTrial, TrialOutcome> Finished, Action<AssignTrial, Exception> Crashed);

public interface ITrialRunner
{
    TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel);

    /// <summary>The device memory an assignment (a trial or a fused group) is estimated to need, in bytes; 0 when unknown.</summary>
    long MemoryNeed(INodeMessage assignment) => 0;

    /// <summary>
    /// Trains a group of trials on the calling thread, reporting each member's epochs and outcome as
    /// they come, and a member that fails on its own; each member honours its own cancellation. An
    /// exception out of it concerns every member not yet reported. Runners that cannot fuse train the
    /// members one after another.
    /// </summary>
    void RunGroup(AssignGroup group, GroupReports reports, IReadOnlyList<CancellationToken> cancels)
    {
        for (var i = 0; i < group.Members.Count; i++)
        {
            var member = group.Members[i];
            reports.Finished(member, Run(member, epoch => reports.Epoch(member, epoch), cancels[i]));
        }
    }
}
