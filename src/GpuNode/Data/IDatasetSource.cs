using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>Reads one dataset from wherever it lives into the common in-memory form.</summary>
public interface IDatasetSource
{
    /// <summary>Which data this is and how it is decoded (with the files' fingerprint, the key of the in-memory cache).</summary>
    string Key { get; }

    /// <summary>The folder the files lie in (or the one file): fingerprints name files relative to it.</summary>
    string Location { get; }

    /// <summary>Every file the data is read from: what its fingerprint hashes.</summary>
    /// <exception cref="Messages.Specs.DatasetException">The data is missing; the message names what was looked for.</exception>
    IReadOnlyList<string> Files();

    /// <summary>The shape, classes and test set, read from headers (or every image's header) without decoding the images.</summary>
    DataShape Shape();

    /// <summary>The training and test sets of the files <paramref name="manifest"/> fingerprinted.</summary>
    DatasetParts Load(DataManifest manifest);
}
