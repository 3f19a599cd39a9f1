using SweepCluster.Messages.Nodes;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// The names a node keeps its work under. A trial's key includes its attempt, so a stop or a report meant
/// for an old attempt never touches the new one; a fused group occupies one slot under the group's key,
/// while each member is still stopped under its own trial key.
/// </summary>
public static class AssignmentKeys
{
    public static string Trial(AssignTrial a) => Trial(a.SweepId, a.TrialId, a.Attempt);

    public static string Trial(string sweepId, string trialId, int attempt) => $"{sweepId}/{trialId}/{attempt}";

    /// <summary>The slot's key: its trial's, or its group's (which memory is reserved and released under).</summary>
    public static string Slot(INodeMessage assignment) => assignment switch
    {
        AssignGroup g => $"{g.SweepId}/group/{g.GroupId}",
        _ => Trial((AssignTrial)assignment),
    };

    /// <summary>What the operator reads in the node's log.</summary>
    public static string Describe(INodeMessage assignment) => assignment switch
    {
        AssignGroup g => $"fused group {g.GroupId} ({g.Members.Count} trials)",
        AssignTrial a => $"trial {a.TrialId}",
        _ => assignment.GetType().Name,
    };
}
