using SweepCluster.Messages.Specs;
namespace SweepCluster.Messages.Specs;

/// <summary>Reads a dataset's files where a sweep is submitted, to record what they decide before any trial runs.</summary>
public interface IDatasetResolver
{
    /// <summary>
    /// <paramref name="spec"/> with its data's fingerprint recorded and, for a user's own data, its
    /// image size, colour, class names and (when the test set is split off) <paramref name="sweepSeed"/>
    /// as the split seed: everything shape inference and a later check of the data need.
    /// </summary>
    /// <exception cref="DatasetException">The data is missing, empty or malformed; the message names the file.</exception>
    DatasetSpec Resolve(DatasetSpec spec, long sweepSeed);
}
