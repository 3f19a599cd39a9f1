using System.Collections.Concurrent;
using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Loads each dataset once per process and hands every trial the same instance, after checking that
/// the files are the ones the sweep recorded: a worker with many slots and many trials reads (and
/// decodes) the files once. A failed load is not cached, so a fixed path can retry.
/// </summary>
public sealed class DatasetCache(FingerprintStore fingerprints)
{
    private readonly ConcurrentDictionary<string, Lazy<DatasetParts>> _loaded = new();

    /// <param name="fingerprint">The fingerprint the sweep recorded for the data; null (a sweep recorded before fingerprints) checks nothing.</param>
    /// <exception cref="DatasetException">The files differ from the recorded ones (the message names what changed), or cannot be read.</exception>
    public DatasetParts Get(IDatasetSource source, string? fingerprint)
    {
        // Once checked, the data in memory is the recorded data: later trials need not look at the files again.
        var key = $"{fingerprint ?? "unrecorded"}|{source.Key}";
        var entry = _loaded.GetOrAdd(key, _ => new Lazy<DatasetParts>(() => Load(source, fingerprint)));
        try
        {
            return entry.Value;
        }
        catch
        {
            _loaded.TryRemove(new KeyValuePair<string, Lazy<DatasetParts>>(key, entry));
            throw;
        }
    }

    private DatasetParts Load(IDatasetSource source, string? fingerprint)
    {
        var manifest = fingerprints.Of(source.Location, source.Files());
        if (fingerprint is not null && manifest.Fingerprint != fingerprint)
            throw new DatasetException(ChangedData.Message(source.Location, fingerprint, manifest, fingerprints.Recorded(fingerprint)));
        var parts = source.Load(manifest);
        if (parts.Train.Channels != parts.Test.Channels || parts.Train.Height != parts.Test.Height || parts.Train.Width != parts.Test.Width)
        {
            throw new DatasetException(
                $"{source.Location}: test images are {parts.Test.Channels}x{parts.Test.Height}x{parts.Test.Width} but training images are " +
                $"{parts.Train.Channels}x{parts.Train.Height}x{parts.Train.Width}; both sets must have one shape.");
        }
        return parts;
    }
}
