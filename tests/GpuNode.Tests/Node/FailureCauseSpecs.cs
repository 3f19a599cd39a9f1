using System.Runtime.InteropServices;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Node;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Tests.Node;

public sealed class FailureCauseSpecs
{
    public static TheoryData<Exception> Environmental() =>
    [
        new IOException("No space left on device"),
        new CheckpointUnreadableException("/c/epoch-0002/model.bin", "does not match its checksum"),
        new DirectoryNotFoundException("/usr/share/datasets/fashion-mnist"),
        new DatasetException("train-images: truncated"),
        new UnauthorizedAccessException("/checkpoints"),
        new ExternalException("CUDA out of memory"),
        new AggregateException(new IOException("disk full")),
    ];

    [Theory]
    [MemberData(nameof(Environmental))]
    public void Disks_datasets_checkpoints_and_libtorch_are_not_the_trials_fault(Exception error) =>
        Assert.False(FailureCause.IsTrialsFault(error));

    [Fact]
    public void An_error_of_the_trials_own_spec_is_its_fault() =>
        Assert.True(FailureCause.IsTrialsFault(new ArgumentException("kernel 9 is larger than the 7x7 input")));
}
