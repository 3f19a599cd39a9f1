using System.Runtime.InteropServices;
using SweepCluster.GpuNode.Node;
using static SweepCluster.GpuNode.Tests.Node.Assignments;

namespace SweepCluster.GpuNode.Tests.Node;

public sealed class OutOfMemoryPolicySpecs
{
    [Theory]
    [InlineData("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.10 GiB total capacity)", true)]
    [InlineData("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes", true)]
    [InlineData("Expected false to be true, but got false. Exception raised from toDouble at c10/core/Scalar.h:140", false)]
    public void Only_libtorchs_allocation_failures_are_out_of_memory(string message, bool outOfMemory)
    {
        Assert.Equal(outOfMemory, OutOfMemoryPolicy.IsOutOfMemory(new ExternalException(message)));
        Assert.False(OutOfMemoryPolicy.IsOutOfMemory(new InvalidOperationException(message)));
    }

    [Fact]
    public void The_node_judges_only_where_packing_could_be_to_blame()
    {
        Assert.True(OutOfMemoryPolicy.NodeJudges(packsByMemory: true, Trial("t0")));
        Assert.True(OutOfMemoryPolicy.NodeJudges(packsByMemory: false, Group("g#1", "a", "b")));
        Assert.False(OutOfMemoryPolicy.NodeJudges(packsByMemory: false, Trial("t0")));
    }

    [Fact]
    public void A_trial_alone_on_the_device_is_an_ordinary_crash_and_changes_nothing()
    {
        var verdict = OutOfMemoryPolicy.Judge(onDevice: 1, members: 1, fuse: 4);

        Assert.Equal(new OutOfMemoryVerdict(BesideOthers: false, Grouped: false, Fuse: 4), verdict);
        Assert.False(verdict.PackingsFault);
    }

    [Fact]
    public void Beside_other_trials_it_is_the_packings_fault_and_the_fusion_limit_stays()
    {
        var verdict = OutOfMemoryPolicy.Judge(onDevice: 3, members: 1, fuse: 4);

        Assert.Equal(new OutOfMemoryVerdict(BesideOthers: true, Grouped: false, Fuse: 4), verdict);
        Assert.True(verdict.PackingsFault);
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(5, 2)]
    [InlineData(3, 1)]
    [InlineData(2, 1)]
    public void A_fused_group_that_ran_out_halves_the_members_a_slot_fuses(int members, int fuse)
    {
        var verdict = OutOfMemoryPolicy.Judge(onDevice: 0, members, fuse: 8);

        Assert.Equal((false, true, fuse, true), (verdict.BesideOthers, verdict.Grouped, verdict.Fuse, verdict.PackingsFault));
    }
}
