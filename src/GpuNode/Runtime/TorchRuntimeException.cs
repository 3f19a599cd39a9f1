namespace SweepCluster.GpuNode.Runtime;

/// <summary>libtorch could not be loaded or used; the message says what to change.</summary>
public sealed class TorchRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
