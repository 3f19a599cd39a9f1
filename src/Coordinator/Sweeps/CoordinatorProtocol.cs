using SweepCluster.Messages.Nodes;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>Ask a sweep coordinator for its current state (answered with a <see cref="SweepState"/>).</summary>
public sealed record GetSweepState(string SweepId);

/// <summary>The coordinator's answer to a lease: the trial for the node, or that nothing is queued.</summary>
/// <param name="Assignment">An <see cref="AssignTrial"/>, or an <see cref="AssignGroup"/> of trials to train fused.</param>
public sealed record LeaseGranted(string Node, INodeMessage Assignment);

public sealed record NoWork(string SweepId, string Node);

/// <summary>Told to the broker whenever a sweep's queue changes, so it knows where work waits.</summary>
public sealed record QueueChanged(string SweepId, int Queued, bool Finished);
