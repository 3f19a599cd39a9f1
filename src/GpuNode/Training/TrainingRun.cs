using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Specs;
using TorchSharp;

namespace SweepCluster.GpuNode.Training;

/// <summary>The data a trial trains, validates and is finally tested on (Test may be absent).</summary>
public sealed record TrainingData(ImageDataset Train, ImageDataset Validation, ImageDataset? Test);

/// <summary>Everything one trial's training needs.</summary>
/// <param name="CheckpointDirectory">Where epoch and best checkpoints go; a trial resumes from it when it holds one.</param>
/// <param name="Device">"cpu" or "cuda" (as chosen by the runtime).</param>
/// <param name="Threads">Intra-op threads for this trial's thread; 0 keeps libtorch's default.</param>
/// <param name="StartFrom">PBT: another trial's epoch checkpoint to start from when the directory holds none yet.</param>
/// <param name="KeepEvery">PBT: keep every epoch checkpoint whose epoch is a multiple of this (0: the latest and the best only).</param>
/// <param name="Precision">The floating-point type of weights and images: float32, or float64 for reference runs that must agree to many digits.</param>
public sealed record TrainingRun(
    ModelSpec Model,
    TrainingSpec Training,
    TrainingData Data,
    long Seed,
    string CheckpointDirectory,
    string Device = "cpu",
    int Threads = 0,
    CheckpointOrigin? StartFrom = null,
    int KeepEvery = 0,
    torch.ScalarType Precision = torch.ScalarType.Float32);
