namespace SweepCluster.Messages.Nodes;

/// <summary>Asks the work broker for the nodes it knows: answered with <see cref="NodesResponse"/>.</summary>
public sealed record GetNodes : ISweepClusterMessage;

/// <summary>The nodes asking the broker for work, each as its last request described it.</summary>
public sealed record NodesResponse(IReadOnlyList<NodeReport> Nodes) : ISweepClusterMessage;

/// <summary>A node as its last request for work described it.</summary>
/// <param name="MemoryUsed">See <see cref="RequestWork.MemoryUsed"/>.</param>
/// <param name="MemoryLimit">See <see cref="RequestWork.MemoryLimit"/>.</param>
public sealed record NodeReport(string Node, string Device, int Slots, int FreeSlots, int MaxGroup, long? MemoryUsed, long? MemoryLimit);
