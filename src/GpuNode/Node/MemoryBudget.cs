namespace SweepCluster.GpuNode.Node;

/// <summary>
/// Packs trials on a device by memory (<c>--slots auto</c>): a trial starts when its estimate, scaled by
/// what the node has measured, fits beside the running ones under the budget. One trial always may run
/// alone. Measuring more in use than the running trials' estimates scales every estimate up by that
/// ratio; running out of memory caps how many trials run at once below the number that ran out.
/// </summary>
/// <param name="bytes">The device memory trials may use: free memory less the headroom, or a given budget.</param>
/// <param name="slots">The most trials at once, whatever memory says (the node's slot threads).</param>
public sealed class MemoryBudget(long bytes, int slots)
{
    private readonly Dictionary<string, long> _estimates = [];

    public long Bytes => bytes;

    public int Running => _estimates.Count;

    /// <summary>What the running trials are taken to use: their estimates, corrected.</summary>
    public long Reserved => Scaled(_estimates.Values.Sum());

    /// <summary>How much larger than estimated trials turned out to be (1 until measured).</summary>
    public double Correction { get; private set; } = 1;

    /// <summary>The most trials at once: the slots, lowered after running out of memory.</summary>
    public int Cap { get; private set; } = slots;

    public long Scaled(long estimate) => (long)Math.Ceiling(estimate * Correction);

    public bool Fits(long estimate) => Running == 0 || (Running < Cap && Reserved + Scaled(estimate) <= bytes);

    public void Reserve(string key, long estimate) => _estimates[key] = estimate;

    public void Release(string key) => _estimates.Remove(key);

    /// <summary>The memory the running trials use together, as measured: above their estimates, it corrects every estimate by that ratio.</summary>
    public void Measured(long used)
    {
        var estimated = _estimates.Values.Sum();
        if (estimated > 0)
            Correction = Math.Max(Correction, (double)used / estimated);
    }

    /// <summary>The device ran out of memory with <see cref="Running"/> trials: from now on at most one fewer run at once.</summary>
    public void RanOut() => Cap = Math.Max(1, Running - 1);
}
