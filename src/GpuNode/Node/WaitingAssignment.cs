using Akka.Actor;
using SweepCluster.Messages.Nodes;

namespace SweepCluster.GpuNode.Node;

/// <summary>An assignment the node received, with the coordinator to report to and its estimated memory need (0 unless packing by memory).</summary>
public sealed record WaitingAssignment(INodeMessage Assignment, IActorRef Coordinator, long Need);
