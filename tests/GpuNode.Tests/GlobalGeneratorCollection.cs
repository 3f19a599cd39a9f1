namespace SweepCluster.GpuNode.Tests;

/// <summary>
/// Test classes that seed or check torch's process-wide generator (model building, training, the
/// augmenter's isolation check) run one after another, never beside each other.
/// </summary>
[CollectionDefinition(nameof(GlobalGeneratorCollection))]
public sealed class GlobalGeneratorCollection;
