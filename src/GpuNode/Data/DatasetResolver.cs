using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Reads a dataset where a sweep is submitted: its fingerprint, and for a user's own data the image
/// size, colour and classes (every image header of a folder is read, so mixed sizes are refused before
/// anything trains). A built-in dataset this machine does not hold is left to the nodes' own copies.
/// </summary>
public sealed class DatasetResolver(LocalDatasets datasets) : IDatasetResolver
{
    public DatasetSpec Resolve(DatasetSpec spec, long sweepSeed)
    {
        if (!spec.IsOwnData && !Held(spec))
            return spec;
        var source = datasets.Source(spec);
        var manifest = datasets.Fingerprints.Of(source.Location, source.Files());
        if (spec.Fingerprint is { } pinned && pinned != manifest.Fingerprint)
            throw new DatasetException(ChangedData.Message(source.Location, pinned, manifest, datasets.Fingerprints.Recorded(pinned)), field: "fingerprint");
        if (!spec.IsOwnData)
            return spec with { Fingerprint = manifest.Fingerprint };
        var shape = datasets.Shapes.Get($"{manifest.Fingerprint}|{source.Key}", source.Shape);
        if (spec.Subset > shape.TrainImages)
            throw new DatasetException($"dataset.subset {spec.Subset} is more than the {shape.TrainImages} training images of {source.Location}{(shape.HasTestSet ? "" : " left after the test split")}.", field: "subset");
        if (spec.TestSubset > shape.TestImages)
            throw new DatasetException($"dataset.test_subset {spec.TestSubset} is more than the {shape.TestImages} test images of {source.Location}.", field: "test_subset");
        return spec with
        {
            Size = [shape.Height, shape.Width],
            Color = shape.Color,
            Classes = shape.Classes,
            SplitSeed = shape.HasTestSet ? null : spec.SplitSeed ?? sweepSeed,
            Fingerprint = manifest.Fingerprint,
        };
    }

    /// <summary>How the data <paramref name="recorded"/> names differs from its files here now; null when they are the same, or nothing was recorded or is held here.</summary>
    public DataChange? Changes(DatasetSpec recorded)
    {
        if (recorded.Fingerprint is not { } fingerprint || !recorded.IsOwnData && !Held(recorded))
            return null;
        DataManifest now;
        IDatasetSource source;
        try
        {
            source = datasets.Source(recorded);
            now = datasets.Fingerprints.Of(source.Location, source.Files());
        }
        catch (DatasetException e)
        {
            return new DataChange(fingerprint, null, e.Message);
        }
        return now.Fingerprint == fingerprint
            ? null
            : new DataChange(fingerprint, now.Fingerprint, ChangedData.Message(source.Location, fingerprint, now, datasets.Fingerprints.Recorded(fingerprint)));
    }

    private bool Held(DatasetSpec spec) => datasets.Folder(spec) is { } folder && Directory.Exists(folder);
}
