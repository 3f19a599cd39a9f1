namespace SweepCluster.Coordinator.Api;

/// <summary>
/// The timelines of the sweeps last asked for, each extended with the events stored since it was last
/// read: a 10,000-trial sweep's journal is read once, not at every visit of its page.
/// </summary>
/// <param name="capacity">How many sweeps are kept.</param>
public sealed class TimelineCache(int capacity = 8)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LinkedList<Entry> _entries = new();

    /// <param name="readAfter">Reads the timeline entries stored after a sequence number, and the last sequence number read.</param>
    public async Task<IReadOnlyList<TimelineEntry>> GetAsync(string sweepId, Func<long, Task<(IReadOnlyList<TimelineEntry> Entries, long Last)>> readAfter)
    {
        await _gate.WaitAsync();
        try
        {
            var node = _entries.First;
            while (node is not null && node.Value.SweepId != sweepId)
                node = node.Next;
            if (node is null)
                node = new LinkedListNode<Entry>(new Entry(sweepId));
            else
                _entries.Remove(node);
            _entries.AddFirst(node);
            while (_entries.Count > capacity)
                _entries.RemoveLast();
            var entry = node.Value;
            var (more, last) = await readAfter(entry.Last);
            entry.Entries.AddRange(more);
            entry.Last = Math.Max(entry.Last, last);
            return [.. entry.Entries];
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Entry(string sweepId)
    {
        public string SweepId { get; } = sweepId;

        public List<TimelineEntry> Entries { get; } = [];

        public long Last { get; set; }
    }
}
