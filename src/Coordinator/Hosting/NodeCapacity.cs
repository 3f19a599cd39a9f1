using SweepCluster.GpuNode.Node;
using SweepCluster.GpuNode.Runtime;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>How much a local node trains at once, as the command line gave it.</summary>
/// <param name="Slots">Trials at once; null: packed by memory (<c>--slots auto</c>).</param>
/// <param name="Fuse">The most trials trained fused on one slot.</param>
/// <param name="MemoryBudget">With auto: the bytes trials may use; null: the device's free memory less <paramref name="Headroom"/>.</param>
public sealed record NodeCapacity(int? Slots, int Fuse = 1, long? MemoryBudget = null, double Headroom = 0.1)
{
    /// <summary>Slot threads of a GPU node that packs by memory: the most trials it ever runs at once.</summary>
    private const int AutoGpuSlots = 16;

    public static readonly NodeCapacity One = new(1);

    /// <summary>The slot threads to start on <paramref name="device"/>: the slots, or for auto one per core on the CPU.</summary>
    public int Threads(string device) => Slots ?? (device == "cpu" ? Environment.ProcessorCount : AutoGpuSlots);

    /// <summary>The node's packing on <paramref name="device"/>: with auto, its memory read now (or the budget given).</summary>
    public NodePacking Packing(string device)
    {
        if (Slots is not null)
            return new NodePacking(Fuse);
        var reading = DeviceMemory.Read(device);
        var budget = MemoryBudget ?? (long)(reading.Free * (1 - Headroom));
        // On the CPU a process's resident memory (datasets cached, freed blocks kept by malloc) says little about a trial's need.
        Func<long>? used = device == "cpu" ? null : () => DeviceMemory.Read(device).Used - reading.Used;
        return new NodePacking(Fuse, new MemoryBudget(budget, Threads(device)), used);
    }

    /// <summary>How the node's capacity reads in a start-up line.</summary>
    public string Describe(string device)
    {
        var slots = Slots is { } n ? $"{n} slot(s)" : $"slots by memory (up to {Threads(device)})";
        return Fuse > 1 ? $"{slots}, fusing up to {Fuse} trials a slot" : slots;
    }
}
