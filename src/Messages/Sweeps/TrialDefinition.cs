using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Sweeps;

/// <summary>One trial as a sweep plans it: id, what sets it apart, its spec and size.</summary>
/// <param name="Overrides">Dotted path -> value as JSON text, for result tables.</param>
public sealed record TrialDefinition(
    string TrialId,
    int Index,
    string Label,
    IReadOnlyDictionary<string, string> Overrides,
    TrialSpec Spec,
    long TrainableParameters,
    long NonTrainableParameters);
