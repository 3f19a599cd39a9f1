using System.Collections.Concurrent;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Loads each dataset once per process and hands every trial the same instance: a worker with many
/// slots and many trials reads the files once. A failed load is not cached, so a fixed path can retry.
/// </summary>
public sealed class DatasetCache
{
    private readonly ConcurrentDictionary<string, Lazy<DatasetParts>> _loaded = new();

    public DatasetParts Get(IDatasetSource source)
    {
        var entry = _loaded.GetOrAdd(source.Key, _ => new Lazy<DatasetParts>(source.Load));
        try
        {
            return entry.Value;
        }
        catch
        {
            _loaded.TryRemove(new KeyValuePair<string, Lazy<DatasetParts>>(source.Key, entry));
            throw;
        }
    }
}
