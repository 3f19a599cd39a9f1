namespace SweepCluster.GpuNode.Node;

/// <summary>How a node fills its slots beyond one trial each.</summary>
/// <param name="MaxGroup">The most trials trained fused on one slot (1: one trial per slot).</param>
/// <param name="Memory">Packing by memory (<c>--slots auto</c>); null: every slot takes a trial.</param>
/// <param name="UsedByTrials">Reads the device memory the trials use now (CUDA: NVML, less what was in use at start); null where it cannot be told apart.</param>
public sealed record NodePacking(int MaxGroup = 1, MemoryBudget? Memory = null, Func<long>? UsedByTrials = null)
{
    public static readonly NodePacking None = new();
}
