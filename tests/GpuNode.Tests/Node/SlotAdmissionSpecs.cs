using SweepCluster.GpuNode.Node;
using static SweepCluster.GpuNode.Tests.Node.Assignments;

namespace SweepCluster.GpuNode.Tests.Node;

public sealed class SlotAdmissionSpecs
{
    [Fact]
    public void Without_packing_by_memory_each_slot_takes_one_assignment_and_the_rest_wait_in_order()
    {
        var admission = new SlotAdmission(slots: 2, memory: null, fuse: 1);
        Assert.Equal(2, admission.Free);

        Assert.True(admission.Offer(Waiting(Trial("t0"))));
        Assert.True(admission.Offer(Waiting(Trial("t1"))));
        Assert.False(admission.Offer(Waiting(Trial("t2"))));
        Assert.False(admission.Offer(Waiting(Trial("t3"))));

        // What waits counts against the free slots: nothing is asked for until the backlog is gone.
        Assert.Equal((2, 2, -2), (admission.Busy, admission.Waiting, admission.Free));
        admission.Freed(AssignmentKeys.Slot(Trial("t0")));
        Assert.True(admission.TryStartWaiting(out var next));
        Assert.Equal("t2", ((Messages.Nodes.AssignTrial)next.Assignment).TrialId);
        Assert.False(admission.TryStartWaiting(out _));
        Assert.Equal((2, 1), (admission.Busy, admission.Waiting));
    }

    [Fact]
    public void A_waiting_assignment_is_not_overtaken_by_one_that_would_fit()
    {
        var memory = new MemoryBudget(300 * Mb, slots: 4);
        var admission = new SlotAdmission(slots: 4, memory, fuse: 1);
        Assert.True(admission.Offer(Waiting(Trial("t0"), 200 * Mb)));

        Assert.False(admission.Offer(Waiting(Trial("big"), 200 * Mb)));
        Assert.False(admission.Offer(Waiting(Trial("small"), 50 * Mb)));

        Assert.False(admission.TryStartWaiting(out _));
        admission.Freed(AssignmentKeys.Slot(Trial("t0")));
        Assert.True(admission.TryStartWaiting(out var first));
        Assert.True(admission.TryStartWaiting(out var second));
        Assert.Equal(["big", "small"], new[] { first, second }.Select(w => ((Messages.Nodes.AssignTrial)w.Assignment).TrialId));
        Assert.Equal((2, 250 * Mb), (memory.Running, memory.Reserved));
    }

    [Fact]
    public void Packing_by_memory_asks_for_one_at_a_time_while_the_largest_trial_seen_would_fit()
    {
        var memory = new MemoryBudget(350 * Mb, slots: 4);
        var admission = new SlotAdmission(slots: 4, memory, fuse: 1);
        Assert.Equal(1, admission.Free);

        admission.Offer(Waiting(Trial("t0"), 100 * Mb));
        admission.Offer(Waiting(Trial("t1"), 100 * Mb));
        Assert.Equal(1, admission.Free);
        admission.Offer(Waiting(Trial("t2"), 100 * Mb));

        // 300 of 350 MB taken: another 100 MB trial would not fit.
        Assert.Equal(0, admission.Free);
        admission.Freed(AssignmentKeys.Slot(Trial("t1")));
        Assert.Equal(1, admission.Free);
    }

    [Fact]
    public void A_group_reserves_its_whole_need_under_its_slot_key_and_counts_per_member_toward_the_largest_need()
    {
        var memory = new MemoryBudget(1000 * Mb, slots: 2);
        var admission = new SlotAdmission(slots: 2, memory, fuse: 4);
        var group = Group("g#1", "t0", "t1", "t2", "t3");

        Assert.True(admission.Offer(Waiting(group, 400 * Mb)));

        Assert.Equal((100 * Mb, 400 * Mb), (admission.LargestNeed, memory.Reserved));
        admission.Freed(AssignmentKeys.Slot(group));
        Assert.Equal(0, memory.Running);
    }

    [Fact]
    public void A_group_holds_no_more_members_than_free_memory_and_never_more_than_the_fusion_limit()
    {
        var memory = new MemoryBudget(1000 * Mb, slots: 4);
        var admission = new SlotAdmission(slots: 4, memory, fuse: 4);
        Assert.Equal(4, admission.MaxGroup); // nothing seen yet: the setting

        admission.Offer(Waiting(Trial("t0"), 300 * Mb));
        Assert.Equal(2, admission.MaxGroup); // 700 MB free for 300 MB trials

        admission.LimitFusion(1);
        Assert.Equal(1, admission.MaxGroup);
        admission.Offer(Waiting(Trial("t1"), 650 * Mb));
        Assert.Equal(1, admission.MaxGroup); // at least one, even with no memory left
    }

    [Fact]
    public void Without_packing_by_memory_a_group_has_the_fusion_limit_whatever_it_needs()
    {
        var admission = new SlotAdmission(slots: 1, memory: null, fuse: 4);

        admission.Offer(Waiting(Group("g#1", "a", "b"), 900 * Mb));

        Assert.Equal((4, 0), (admission.MaxGroup, admission.Free));
    }

    [Fact]
    public void A_cleared_backlog_starts_nothing_when_slots_free()
    {
        var admission = new SlotAdmission(slots: 1, memory: null, fuse: 1);
        admission.Offer(Waiting(Trial("t0")));
        admission.Offer(Waiting(Trial("t1")));

        admission.ClearBacklog();
        admission.Freed(AssignmentKeys.Slot(Trial("t0")));

        Assert.False(admission.TryStartWaiting(out _));
        Assert.Equal((0, 0), (admission.Busy, admission.Waiting));
    }
}
