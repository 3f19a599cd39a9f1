namespace SweepCluster.Coordinator.Queries;

/// <summary>A store, sweep or trial that a command names and the store does not hold (or holds busy).</summary>
public sealed class StoreException(string message) : Exception(message);
