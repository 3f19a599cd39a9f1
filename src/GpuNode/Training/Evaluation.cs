using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>Loss, accuracy and (when asked) class probabilities of a network on a dataset, in eval mode.</summary>
internal static class Evaluation
{
    private const int BatchSize = 1024;

    public static (double Loss, double Accuracy, float[]? Probabilities) Run(nn.Module<Tensor, Tensor> network, DeviceData data, bool withProbabilities)
    {
        network.eval();
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var lossSum = torch.zeros(1, float64, data.Images.device);
        var correct = torch.zeros(1, int64, data.Images.device);
        var probabilities = new List<Tensor>();
        for (long start = 0; start < data.Count; start += BatchSize)
        {
            var length = Math.Min(BatchSize, data.Count - start);
            var labels = data.Labels.narrow(0, start, length);
            var logits = network.forward(data.Images.narrow(0, start, length));
            lossSum.add_(nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).to(float64));
            correct.add_(logits.argmax(1).eq(labels).sum());
            if (withProbabilities)
                probabilities.Add(logits.softmax(1).to(float32).cpu());
        }
        var count = (double)data.Count;
        var all = withProbabilities ? torch.cat(probabilities, 0).data<float>().ToArray() : null;
        return (lossSum.item<double>() / count, correct.item<long>() / count, all);
    }

    /// <summary>The full classification report of the network's current weights on a dataset.</summary>
    public static ClassificationReport Report(nn.Module<Tensor, Tensor> network, DeviceData data, int classes)
    {
        var (_, _, probabilities) = Run(network, data, withProbabilities: true);
        var labels = data.Labels.cpu().data<long>().ToArray().Select(l => (int)l).ToArray();
        return ClassificationMetrics.Compute(labels, probabilities, classes);
    }
}
