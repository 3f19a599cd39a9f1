using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Node;

/// <summary>Trains one assigned trial on the calling thread, reporting each epoch; honours cancellation between batches.</summary>
public interface ITrialRunner
{
    TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel);
}
