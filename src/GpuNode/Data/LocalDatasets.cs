using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>Where this machine finds each dataset's files, and where it keeps their fingerprints and decoded images.</summary>
/// <param name="folder">The folder (or file) of a dataset, from its name and the spec's path (null: none given), as this machine resolves it.</param>
/// <param name="cacheDirectory">This machine's dataset cache folder (the setting Datasets:Cache).</param>
public sealed class LocalDatasets(Func<string, string?, string?> folder, string cacheDirectory)
{
    public FingerprintStore Fingerprints { get; } = new(cacheDirectory);

    public DecodedImages Decoded { get; } = new(cacheDirectory);

    public KnownShapes Shapes { get; } = new(cacheDirectory);

    /// <summary>Where the files of <paramref name="spec"/> lie here; null when nothing is known (a loader then says what it needs).</summary>
    public string? Folder(DatasetSpec spec) => folder(spec.Name, spec.Path);

    public IDatasetSource Source(DatasetSpec spec) => DatasetCatalog.Resolve(spec, Folder(spec), Decoded);
}
