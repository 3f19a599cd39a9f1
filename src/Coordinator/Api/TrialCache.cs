using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// The trials of the sweeps last asked for, each kept while the read model's offset of its sweep stays
/// the same: reading and deserializing 10,000 trial rows takes most of a second, and the clients of a
/// leaderboard ask the same question again and again. Concurrent requests at one offset share one read.
/// </summary>
/// <param name="capacity">How many sweeps are kept (each can be tens of megabytes).</param>
public sealed class TrialCache(int capacity = 4)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _entries = new();

    public IReadOnlyList<TrialRecord> Get(string sweepId, long offset, Func<IReadOnlyList<TrialRecord>> read)
    {
        Lazy<IReadOnlyList<TrialRecord>> trials;
        lock (_gate)
        {
            var node = _entries.First;
            while (node is not null && node.Value.SweepId != sweepId)
                node = node.Next;
            if (node is not null)
                _entries.Remove(node);
            if (node is null || node.Value.Offset != offset)
                node = new LinkedListNode<Entry>(new Entry(sweepId, offset, new Lazy<IReadOnlyList<TrialRecord>>(read, LazyThreadSafetyMode.ExecutionAndPublication)));
            _entries.AddFirst(node);
            while (_entries.Count > capacity)
                _entries.RemoveLast();
            trials = node.Value.Trials;
        }
        return trials.Value;
    }

    private sealed record Entry(string SweepId, long Offset, Lazy<IReadOnlyList<TrialRecord>> Trials);
}
