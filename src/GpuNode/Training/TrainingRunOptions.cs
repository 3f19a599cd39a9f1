namespace SweepCluster.GpuNode.Training;

/// <summary>Where and how a run trains, apart from what it trains.</summary>
public sealed record TrainingRunOptions(long Seed, string CheckpointDirectory, string Device = "cpu", int Threads = 0);
