namespace SweepCluster.GpuNode.Data;

/// <summary>Reads one dataset from wherever it lives into the common in-memory form.</summary>
public interface IDatasetSource
{
    /// <summary>A key that identifies this data (name and location), for caching.</summary>
    string Key { get; }

    DatasetParts Load();
}
