using SweepCluster.GpuNode.Node;
using static SweepCluster.GpuNode.Tests.Node.Assignments;

namespace SweepCluster.GpuNode.Tests.Node;

public sealed class AssignmentKeysSpecs
{
    [Fact]
    public void A_trials_key_tells_its_attempts_apart_and_matches_a_stop_for_it()
    {
        Assert.Equal("s/t0/1", AssignmentKeys.Trial(Trial("t0")));
        Assert.NotEqual(AssignmentKeys.Trial(Trial("t0", 1)), AssignmentKeys.Trial(Trial("t0", 2)));
        Assert.Equal(AssignmentKeys.Trial(Trial("t0", 2)), AssignmentKeys.Trial("s", "t0", 2));
    }

    [Fact]
    public void A_group_takes_one_slot_under_its_own_key_and_a_trial_under_its_trials()
    {
        Assert.Equal("s/group/g#1", AssignmentKeys.Slot(Group("g#1", "a", "b")));
        Assert.Equal("s/a/1", AssignmentKeys.Slot(Trial("a")));
        Assert.Equal("fused group g#1 (2 trials)", AssignmentKeys.Describe(Group("g#1", "a", "b")));
        Assert.Equal("trial a", AssignmentKeys.Describe(Trial("a")));
    }
}
