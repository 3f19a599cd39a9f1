using System.Runtime.InteropServices;
using SweepCluster.Messages.Nodes;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// What running out of device memory means. Beside other trials, or in a fused group, it is the
/// packing's fault, not the trials': they go back to the queue without a retry counted and the node
/// packs less from then on (one trial fewer at once, half as many members a group). A trial alone
/// that runs out is an ordinary crash: nothing smaller could be tried.
/// </summary>
public static class OutOfMemoryPolicy
{
    /// <summary>libtorch's allocation failures: CUDA's "out of memory" and the CPU allocator's "can't allocate memory".</summary>
    public static bool IsOutOfMemory(Exception e) =>
        e is ExternalException && (e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the node judges a crash of this assignment (when it is out of memory) instead of the coordinator: only where packing could be to blame.</summary>
    public static bool NodeJudges(bool packsByMemory, INodeMessage assignment) => packsByMemory || assignment is AssignGroup;

    /// <param name="onDevice">Trials reserved on the device when it ran out (0 when not packing by memory).</param>
    /// <param name="members">The trials that ran out together: a fused group's unreported members, or one trial.</param>
    /// <param name="fuse">The most trials fused a slot until now.</param>
    public static OutOfMemoryVerdict Judge(int onDevice, int members, int fuse)
    {
        var grouped = members > 1;
        // Halved from the group's size, not from the current limit: a group leased before an earlier halving can raise it again.
        return new OutOfMemoryVerdict(BesideOthers: onDevice > 1, Grouped: grouped, Fuse: grouped ? Math.Max(1, members / 2) : fuse);
    }
}

/// <param name="BesideOthers">Other trials shared the device: pack one fewer at once from now on.</param>
/// <param name="Grouped">A fused group ran out: fuse <paramref name="Fuse"/> at most from now on.</param>
/// <param name="Fuse">The most trials fused a slot from now on.</param>
public sealed record OutOfMemoryVerdict(bool BesideOthers, bool Grouped, int Fuse)
{
    /// <summary>The packing is to blame: the trials go back to the queue without a retry counted.</summary>
    public bool PackingsFault => BesideOthers || Grouped;
}
