using System.Collections.Concurrent;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// One long-lived thread per slot, outside the actor dispatcher and the thread pool (training blocks
/// for minutes). Threads are started once: a new thread per trial cost more than the coordinator's
/// own work per result in the orchestration benchmark.
/// </summary>
public sealed class SlotThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];

    public SlotThreads(int slots, string name)
    {
        for (var i = 0; i < slots; i++)
            new Thread(Loop) { IsBackground = true, Name = $"{name}-slot-{i}" }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the next idle slot thread; the caller keeps at most one item per slot in flight.</summary>
    public void Run(Action work) => _work.Add(work);

    /// <summary>Lets each thread finish what it is doing, then end.</summary>
    public void Dispose() => _work.CompleteAdding();

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable())
            work();
    }
}
