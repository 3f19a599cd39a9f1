using SweepCluster.GpuNode.Node;
using static SweepCluster.GpuNode.Tests.Node.Assignments;

namespace SweepCluster.GpuNode.Tests.Node;

public sealed class FusedGroupProgressSpecs
{
    [Fact]
    public void Each_member_is_stopped_under_its_own_trial_key_in_the_groups_order()
    {
        var group = Group("g#1", "a", "b", "c");
        var progress = new FusedGroupProgress(group);

        Assert.Equal(["s/a/1", "s/b/1", "s/c/1"], progress.Keys);
        Assert.Equal(2, progress.IndexOf(group.Members[2]));
    }

    [Fact]
    public void An_exception_out_of_the_group_concerns_only_members_neither_reported_nor_stopped()
    {
        var group = Group("g#1", "a", "b", "c", "d");
        var progress = new FusedGroupProgress(group);

        progress.Ended(group.Members[0]);
        var unreported = progress.Unreported(stopped: i => i == 2);

        Assert.Equal(["b", "d"], unreported.Select(m => m.TrialId));
    }

    [Fact]
    public void Before_any_report_every_member_crashes_with_the_group()
    {
        var group = Group("g#1", "a", "b");

        Assert.Equal(["a", "b"], new FusedGroupProgress(group).Unreported(_ => false).Select(m => m.TrialId));
    }
}
