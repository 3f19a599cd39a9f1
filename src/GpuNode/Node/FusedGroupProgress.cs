using SweepCluster.Messages.Nodes;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// A fused group's members as its slot thread sees them: each is reported on its own (finished or
/// crashed), so when the group's training throws, only the members not yet reported and not stopped
/// crash with it; a stopped member reports nothing, its coordinator knows why it stopped.
/// Used by the one slot thread that trains the group.
/// </summary>
public sealed class FusedGroupProgress(AssignGroup group)
{
    private readonly HashSet<AssignTrial> _ended = [];
    private readonly List<string> _keys = [.. group.Members.Select(AssignmentKeys.Trial)];

    /// <summary>The members' keys, in the group's order (each stopped under its own key).</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The member's position in the group, for its own cancellation.</summary>
    public int IndexOf(AssignTrial member) => _keys.IndexOf(AssignmentKeys.Trial(member));

    /// <summary>The member was reported: finished, or crashed on its own.</summary>
    public void Ended(AssignTrial member) => _ended.Add(member);

    /// <param name="stopped">Whether the member at that position was stopped.</param>
    /// <returns>The members an exception out of the group concerns.</returns>
    public IReadOnlyList<AssignTrial> Unreported(Func<int, bool> stopped) =>
        [.. group.Members.Where((m, i) => !_ended.Contains(m) && !stopped(i))];
}
