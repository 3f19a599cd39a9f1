using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class NodeDocumentsSpecs
{
    private static TrialRecord Running(string sweep, string trial, string node, double? imagesPerSecond) => new(
        sweep, trial, 0, trial, new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec { Epochs = 5 }, 0), 10, 0,
        TrialLifecycle.Running, 1, 0, node, imagesPerSecond is null ? 0 : 2,
        imagesPerSecond is { } rate ? new EpochMetrics(2, 0.5, 0.8, 0.6, 0.7, 1e-3, 1, rate) : null, null, null);

    [Fact]
    public void A_fused_group_takes_one_slot_for_all_its_members_every_members_images_per_second_add_up_and_the_broker_adds_slots_memory_and_idle_nodes()
    {
        var nodes = NodeDocuments.Of(
            [Running("a", "t1", "n2", 100), Running("a", "t2", "n1", 300), Running("a", "t3", "n1", 200), Running("b", "t4", "n1", null)],
            new Dictionary<(string, string), string> { [("a", "t2")] = "t2#1", [("a", "t3")] = "t2#1" },
            [new NodeReport("n1", "cuda", 4, 1, 2, 3L << 30, 70L << 30), new NodeReport("n3", "cpu", 2, 2, 1, 1L << 29, null)]);

        Assert.Equal(["n1", "n2", "n3"], nodes.Select(n => n.Node));
        var n1 = nodes[0];
        Assert.Equal((2, 1, 500.0), (n1.Busy, n1.FusedGroups, n1.ImagesPerSecond));
        Assert.Equal(["t2", "t3", "t4"], n1.Trials.Select(t => t.TrialId));
        Assert.Equal([(string?)"t2#1", "t2#1", null], n1.Trials.Select(t => t.GroupId));
        Assert.Equal(("cuda", (int?)4, (long?)(3L << 30), (long?)(70L << 30)), (n1.Device, n1.Slots, n1.MemoryUsed, n1.MemoryLimit));
        Assert.Equal((1, 0, 100.0, (string?)null, (int?)null), (nodes[1].Busy, nodes[1].FusedGroups, nodes[1].ImagesPerSecond, nodes[1].Device, nodes[1].Slots));
        // An idle node the broker knows is listed with nothing to do.
        Assert.Equal((0, (int?)2, (long?)null), (nodes[2].Busy, nodes[2].Slots, nodes[2].MemoryLimit));
        Assert.Empty(nodes[2].Trials);
    }
}
