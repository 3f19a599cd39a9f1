using SweepCluster.Messages.Specs;
namespace SweepCluster.Messages.Specs;

/// <summary>A dataset name the registry does not hold; the message lists the names it does.</summary>
public sealed class UnknownDatasetException(string? name)
    : ArgumentException($"Unknown dataset '{name}': it must be {Datasets.Allowed}.")
{
    public string? Name { get; } = name;
}
