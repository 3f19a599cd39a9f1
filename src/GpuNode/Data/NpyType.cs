namespace SweepCluster.GpuNode.Data;

/// <summary>The numeric dtypes a .npy array may hold here, all little-endian.</summary>
public enum NpyType
{
    UInt8,
    Int8,
    UInt16,
    Int16,
    UInt32,
    Int32,
    Int64,
    Float32,
    Float64,
}
