namespace SweepCluster.Messages;

/// <summary>Where a node trains: <c>Auto</c> takes CUDA when a usable GPU is present, else the CPU.</summary>
public enum DevicePreference
{
    Auto,
    Cpu,
    Cuda,
}
