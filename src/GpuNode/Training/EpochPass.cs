using SweepCluster.GpuNode.Training.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>One minibatch of a trial's epoch: what it trains on, what the loss compares with, and the labels that score it.</summary>
internal sealed record Minibatch(Tensor Images, Tensor Targets, Tensor Labels, long Length);

/// <summary>
/// One trial's pass over its shuffled training data in an epoch: its minibatches in order and the
/// running loss and accuracy. Its tensors belong to the dispose scope open when it starts.
/// </summary>
internal sealed class EpochPass : IDisposable
{
    private readonly DeviceData _data;
    private readonly BatchAugmenter? _augmenter;
    private readonly Tensor _order;
    // Sums stay on the device: reading a scalar every step would synchronise a GPU each batch.
    private readonly Tensor _lossSum;
    private readonly Tensor _correct;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <param name="generator">Draws the shuffle now, so it must be freshly seeded for the epoch.</param>
    public EpochPass(int epoch, double rate, DeviceData data, int batchSize, Generator generator, BatchAugmenter? augmenter)
    {
        Epoch = epoch;
        Rate = rate;
        BatchSize = batchSize;
        _data = data;
        _augmenter = augmenter;
        _order = torch.randperm(data.Count, generator: generator, device: data.Images.device);
        _lossSum = torch.zeros(1, float64, data.Images.device);
        _correct = torch.zeros(1, int64, data.Images.device);
    }

    public int Epoch { get; }

    public double Rate { get; }

    public int BatchSize { get; }

    public long Count => _data.Count;

    /// <summary>The epoch's training time: from the start of the pass until <see cref="StopClock"/>.</summary>
    public double Seconds => _clock.Elapsed.TotalSeconds;

    /// <summary>Training is over for this epoch: validation and checkpoints do not count in <see cref="Seconds"/>.</summary>
    public void StopClock() => _clock.Stop();

    /// <summary>The minibatch starting at position <paramref name="start"/> of the shuffled order, augmented.</summary>
    public Minibatch Batch(long start)
    {
        var length = Math.Min(BatchSize, Count - start);
        var indices = _order.narrow(0, start, length);
        var images = _data.Images.index_select(0, indices);
        var labels = _data.Labels.index_select(0, indices);
        var targets = labels;
        if (_augmenter is { IsIdentity: false })
            (images, targets) = _augmenter.Apply(images, labels);
        return new Minibatch(images, targets, labels, length);
    }

    /// <summary>Adds a trained minibatch's mean loss and correct predictions to the epoch's totals.</summary>
    public void Record(Minibatch batch, Tensor loss, Tensor logits)
    {
        // Held until the call returns (see SeededDropout: an inline Scalar may be finalized mid-call).
        using Scalar images = batch.Length;
        _lossSum.add_(loss.detach().to(float64).mul(images));
        _correct.add_(logits.argmax(1).eq(batch.Labels).sum());
    }

    /// <summary>The epoch's mean training loss and accuracy over all its images.</summary>
    public (double Loss, double Accuracy) Totals() =>
        (_lossSum.item<double>() / Count, _correct.item<long>() / (double)Count);

    public void Dispose() => _augmenter?.Dispose();
}
