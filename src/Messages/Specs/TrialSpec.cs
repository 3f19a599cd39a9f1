namespace SweepCluster.Messages.Specs;

/// <summary>Everything that decides what one trial trains: its id is derived from this alone.</summary>
public sealed record TrialSpec(DatasetSpec Dataset, ModelSpec Model, TrainingSpec Training, long Seed);
