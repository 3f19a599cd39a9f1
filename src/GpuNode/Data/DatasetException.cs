namespace SweepCluster.GpuNode.Data;

/// <summary>A dataset file or folder is missing or malformed; the message names it and what was expected.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
