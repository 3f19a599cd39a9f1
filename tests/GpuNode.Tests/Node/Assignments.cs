using Akka.Actor;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Tests.Node;

/// <summary>Assignments as a node receives them, for the node's rules and its actor.</summary>
internal static class Assignments
{
    public const long Mb = 1 << 20;

    public static AssignTrial Trial(string trialId, int attempt = 1) =>
        new("s", trialId, attempt, new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 1), "/tmp/unused");

    public static AssignGroup Group(string groupId, params string[] trialIds) => new("s", groupId, [.. trialIds.Select(id => Trial(id))]);

    public static WaitingAssignment Waiting(INodeMessage assignment, long need = 0) => new(assignment, ActorRefs.Nobody, need);
}
