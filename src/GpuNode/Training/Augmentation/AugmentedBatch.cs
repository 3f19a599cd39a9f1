using TorchSharp;

namespace SweepCluster.GpuNode.Training.Augmentation;

/// <summary>One augmented training batch, ready for the loss.</summary>
/// <param name="Images">N x C x H x W, on the training device.</param>
/// <param name="Targets">
/// The int64 labels themselves when mixup is off; N x classes probabilities in the images' dtype when it is
/// on. Either form goes straight into <c>cross_entropy</c>.
/// </param>
public sealed record AugmentedBatch(torch.Tensor Images, torch.Tensor Targets);
