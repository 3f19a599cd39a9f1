using Prometheus;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Node;

/// <summary>A node's Prometheus metrics: epochs, their duration and throughput per slot, and slot occupancy, fused groups.</summary>
public static class NodeMetrics
{
    private static readonly Counter Epochs = Prometheus.Metrics.CreateCounter("sweep_epochs_total", "Epochs trained on this node.", "node");

    private static readonly Histogram EpochSeconds = Prometheus.Metrics.CreateHistogram("sweep_epoch_seconds", "Duration of one training epoch (training and validation).",
        new HistogramConfiguration { LabelNames = ["node"], Buckets = Histogram.ExponentialBuckets(0.25, 2, 14) });

    private static readonly Gauge ImagesPerSecond = Prometheus.Metrics.CreateGauge("sweep_slot_images_per_second", "Training images per second of each slot's latest epoch.", "node", "slot");

    private static readonly Gauge GroupMembers = Prometheus.Metrics.CreateGauge("sweep_slot_group_members", "Trials training fused on each slot (1: a trial alone).", "node", "slot");

    private static readonly Counter Groups = Prometheus.Metrics.CreateCounter("sweep_fused_groups_total", "Fused groups this node started (groups of two or more trials).", "node");

    private static readonly Gauge Slots = Prometheus.Metrics.CreateGauge("sweep_slots", "This node's trial slots, busy and free.", "node", "state");

    /// <summary>At start-up: every node family exported at zero, so dashboards and alerts see 0, not "no data", before the first epoch.</summary>
    public static void Started(string node, int slots)
    {
        Epochs.WithLabels(node);
        EpochSeconds.WithLabels(node);
        Groups.WithLabels(node);
        Occupancy(node, 0, slots);
    }

    /// <summary>Called on the slot thread that trained the epoch (its name is the slot).</summary>
    public static void Epoch(string node, EpochMetrics metrics)
    {
        Epochs.WithLabels(node).Inc();
        EpochSeconds.WithLabels(node).Observe(metrics.Seconds);
        ImagesPerSecond.WithLabels(node, Thread.CurrentThread.Name ?? "unnamed").Set(metrics.ImagesPerSecond);
    }

    /// <summary>Called on the slot thread when it starts a trial (1) or a fused group.</summary>
    public static void GroupSize(string node, int members)
    {
        GroupMembers.WithLabels(node, Thread.CurrentThread.Name ?? "unnamed").Set(members);
        if (members > 1)
            Groups.WithLabels(node).Inc();
    }

    public static void Occupancy(string node, int busy, int slots)
    {
        Slots.WithLabels(node, "busy").Set(busy);
        Slots.WithLabels(node, "free").Set(slots - busy);
    }
}
