using System.Diagnostics.CodeAnalysis;
using SweepCluster.Messages.Nodes;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// Which assignments a node's slots take now, which wait, and how much work to ask for. Assignments
/// start in the order they came (one that does not fit holds back those behind it). Packing by memory
/// reserves each started slot's estimate in <paramref name="memory"/> and releases it when the slot frees.
/// </summary>
/// <param name="slots">The node's slot threads: the most assignments running at once.</param>
/// <param name="memory">Packing by memory (<c>--slots auto</c>); null: every slot takes an assignment.</param>
/// <param name="fuse">The node's fusion setting: the most trials trained fused on one slot.</param>
public sealed class SlotAdmission(int slots, MemoryBudget? memory, int fuse)
{
    private readonly Queue<WaitingAssignment> _backlog = new();

    public int Slots => slots;

    /// <summary>Slots training now.</summary>
    public int Busy { get; private set; }

    /// <summary>Assignments received that wait for a slot or for memory.</summary>
    public int Waiting => _backlog.Count;

    /// <summary>The largest estimated need of one trial seen so far (a group's divided by its members).</summary>
    public long LargestNeed { get; private set; }

    /// <summary>The most trials to fuse on a slot: the node's setting, lowered after a fused group ran out of memory.</summary>
    public int Fuse { get; private set; } = fuse;

    /// <summary>
    /// The free slots to announce. Packing by memory asks for one assignment at a time, and only while the
    /// largest trial seen so far would fit, so every grant is admitted on its own estimate.
    /// </summary>
    public int Free => memory is not null
        ? (Busy < slots && _backlog.Count == 0 && memory.Fits(LargestNeed) ? 1 : 0)
        : slots - Busy - _backlog.Count;

    /// <summary>The most members a granted group may have: the fusion limit, and when packing by memory no more than the free memory holds (at least 1).</summary>
    public int MaxGroup => memory is not null && LargestNeed > 0
        ? (int)Math.Clamp((memory.Bytes - memory.Reserved) / Math.Max(1, memory.Scaled(LargestNeed)), 1, Fuse)
        : Fuse;

    /// <summary>An assignment arrived: true when it starts now (its slot and memory taken), false when it waits behind the backlog.</summary>
    public bool Offer(WaitingAssignment offered)
    {
        LargestNeed = Math.Max(LargestNeed, offered.Need / Members(offered));
        if (_backlog.Count == 0 && CanStart(offered.Need))
        {
            Take(offered);
            return true;
        }
        _backlog.Enqueue(offered);
        return false;
    }

    /// <summary>A slot freed: its slot and memory are free again.</summary>
    /// <param name="slotKey">The freed slot's key (<see cref="AssignmentKeys.Slot"/>).</param>
    public void Freed(string slotKey)
    {
        Busy--;
        memory?.Release(slotKey);
    }

    /// <summary>Starts the first waiting assignment if it fits now (its slot and memory taken); called until false after a slot frees.</summary>
    public bool TryStartWaiting([NotNullWhen(true)] out WaitingAssignment? started)
    {
        if (_backlog.TryPeek(out started) && CanStart(started.Need))
        {
            Take(_backlog.Dequeue());
            return true;
        }
        started = null;
        return false;
    }

    /// <summary>Forgets every waiting assignment (the node drains: their leases go back with the node).</summary>
    public void ClearBacklog() => _backlog.Clear();

    /// <summary>Fuses at most <paramref name="limit"/> trials a slot from now on (after a group ran out of memory).</summary>
    public void LimitFusion(int limit) => Fuse = limit;

    private bool CanStart(long need) => Busy < slots && (memory?.Fits(need) ?? true);

    private void Take(WaitingAssignment started)
    {
        Busy++;
        memory?.Reserve(AssignmentKeys.Slot(started.Assignment), started.Need);
    }

    private static int Members(WaitingAssignment a) => a.Assignment is AssignGroup g ? g.Members.Count : 1;
}
