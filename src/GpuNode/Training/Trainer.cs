using SweepCluster.GpuNode.Frameworks;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.GpuNode.Model;
using SweepCluster.GpuNode.Training.Augmentation;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// Trains one trial on the calling thread: epochs of shuffled minibatches, validation after each,
/// learning-rate schedule, early stopping, divergence detection, cancellation between batches,
/// epoch checkpoints to resume from, and a final evaluation with the kept weights.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// A mean cross-entropy this high means logits wrong by margins in the thousands: such a run has
    /// diverged even while its loss is still a finite number (lr 1e6 with Adam stays finite).
    /// </summary>
    public const double DivergedLoss = 1e4;

    public static TrialResult Run(TrainingRun run, Action<EpochMetrics>? onEpoch = null, CancellationToken cancel = default)
    {
        if (run.Threads > 0)
            torch.set_num_threads(run.Threads);
        var training = run.Training;
        var train = run.Data.Train;
        var device = torch.device(run.Device);
        var classes = train.ClassNames.Count;

        using var generator = new Generator((ulong)run.Seed, device);
        using var model = ModelBuilder.Build(run.Model, new FeatureShape(train.Channels, train.Height, train.Width), classes, training.Conventions, run.Seed, generator);
        var network = model.Network.to(device);
        var checkpoints = new CheckpointStore(run.CheckpointDirectory, run.KeepEvery);
        if (run.StartFrom is { } origin)
            checkpoints.StartFrom(origin);
        var saved = checkpoints.TryLoad(network);
        var history = new List<EpochMetrics>(saved?.History ?? []);
        var resumedFrom = history.Count;

        var resolved = FrameworkDefaults.Optimizer(training.Optimizer, training.Conventions);
        using var optimizer = OptimizerFactory.Create(resolved, network.parameters());
        if (resumedFrom > 0 && saved?.Finished is null)
            checkpoints.LoadOptimizer(optimizer);
        var regularizer = KernelRegularizer.For(network, training.Regularization);
        using var trainData = DeviceData.From(train, device);
        using var validationData = DeviceData.From(run.Data.Validation, device);
        var stopping = training.EarlyStopping ?? new EarlyStoppingSpec { Patience = int.MaxValue, RestoreBestWeights = false };
        var monitor = Replay(stopping, history);

        var published = saved ?? new CheckpointState([], null, null);
        var status = saved?.Finished ?? TrialStatus.Completed;
        var detail = saved?.Detail;
        if (status == TrialStatus.Diverged)
            return Finish(status, detail);
        // A trial that already ended trains no further: running it again reports the same result.
        for (var epoch = resumedFrom + 1; epoch <= training.Epochs && saved?.Finished is null; epoch++)
        {
            var rate = LearningRateSchedule.For(training.Schedule, resolved.LearningRate, epoch, training.Epochs, [.. history.Select(h => h.ValLoss)]);
            OptimizerFactory.SetLearningRate(optimizer, rate);
            generator.manual_seed(DerivedSeeds.For(run.Seed, epoch, DerivedSeeds.Shuffle));
            using var augmenter = training.Augmentation is { } augmentation
                ? new BatchAugmenter(augmentation, classes, device, DerivedSeeds.For(run.Seed, epoch, DerivedSeeds.Augmentation))
                : null;

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (trainLoss, trainAccuracy) = TrainEpoch(network, optimizer, regularizer, augmenter, trainData, training.BatchSize, generator, cancel);
            var seconds = clock.Elapsed.TotalSeconds;
            if (cancel.IsCancellationRequested)
                return Finish(TrialStatus.Cancelled, $"cancelled during epoch {epoch}");
            var (valLoss, valAccuracy, _) = Evaluation.Run(network, validationData, withProbabilities: false);
            if (Diverged(trainLoss) || Diverged(valLoss))
            {
                var why = $"loss became {(Diverged(trainLoss) ? trainLoss : valLoss):G4} in epoch {epoch}";
                checkpoints.MarkFinished(TrialStatus.Diverged, why);
                return Finish(TrialStatus.Diverged, why);
            }

            var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, rate, seconds, trainData.Count / seconds);
            history.Add(metrics);
            var decision = monitor.Observe(epoch, Monitored(stopping, metrics));
            published = checkpoints.SaveEpoch(epoch, network, optimizer, published with { History = [.. history], BestEpoch = monitor.BestEpoch }, decision.Improved, run.Model, training);
            // Reported only once its checkpoint is published: a recorded epoch can always be resumed after.
            onEpoch?.Invoke(metrics);
            if (decision.Stop && epoch < training.Epochs)
            {
                status = TrialStatus.EarlyStopped;
                detail = $"no improvement of {stopping.Monitor} for {stopping.Patience} epochs after epoch {monitor.BestEpoch}";
                break;
            }
        }
        if (saved?.Finished is null)
            checkpoints.MarkFinished(status, detail);
        if (stopping.RestoreBestWeights && checkpoints.BestModelPath is { } best)
            network.load(best);
        return Finish(status, detail);

        TrialResult Finish(TrialStatus ending, string? why)
        {
            var keepsWeights = ending is TrialStatus.Completed or TrialStatus.EarlyStopped;
            return new TrialResult(
                ending,
                history,
                monitor.BestEpoch,
                keepsWeights ? Evaluation.Report(network, validationData, classes) : null,
                keepsWeights && run.Data.Test is { } test ? TestReport(network, test, device, classes) : null,
                model.Summary,
                resumedFrom,
                why);
        }
    }

    private static (double Loss, double Accuracy) TrainEpoch(
        nn.Module<Tensor, Tensor> network,
        TorchSharp.Modules.OptimizerHelper optimizer,
        KernelRegularizer? regularizer,
        BatchAugmenter? augmenter,
        DeviceData data,
        int batchSize,
        Generator generator,
        CancellationToken cancel)
    {
        network.train();
        using var epochScope = NewDisposeScope();
        var order = torch.randperm(data.Count, generator: generator, device: data.Images.device);
        // Sums stay on the device: reading a scalar every step would synchronise a GPU each batch.
        var lossSum = torch.zeros(1, float64, data.Images.device);
        var correct = torch.zeros(1, int64, data.Images.device);
        for (long start = 0; start < data.Count && !cancel.IsCancellationRequested; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var length = Math.Min(batchSize, data.Count - start);
            var indices = order.narrow(0, start, length);
            var images = data.Images.index_select(0, indices);
            var labels = data.Labels.index_select(0, indices);
            var targets = labels;
            if (augmenter is { IsIdentity: false })
                (images, targets) = augmenter.Apply(images, labels);

            var logits = network.forward(images);
            var loss = nn.functional.cross_entropy(logits, targets);
            var objective = regularizer is null ? loss : loss.add(regularizer.Penalty());
            optimizer.zero_grad();
            objective.backward();
            optimizer.step();

            lossSum.add_(loss.detach().to(float64).mul(length));
            correct.add_(logits.argmax(1).eq(labels).sum());
        }
        return (lossSum.item<double>() / data.Count, correct.item<long>() / (double)data.Count);
    }

    private static bool Diverged(double loss) => !(loss < DivergedLoss);

    private static EarlyStoppingMonitor Replay(EarlyStoppingSpec stopping, IReadOnlyList<EpochMetrics> history)
    {
        var monitor = new EarlyStoppingMonitor(stopping.Monitor == MonitoredMetric.ValAccuracy, stopping.Patience, stopping.MinDelta);
        foreach (var epoch in history)
            monitor.Observe(epoch.Epoch, Monitored(stopping, epoch));
        return monitor;
    }

    private static double Monitored(EarlyStoppingSpec stopping, EpochMetrics metrics) =>
        stopping.Monitor == MonitoredMetric.ValAccuracy ? metrics.ValAccuracy : metrics.ValLoss;

    private static ClassificationReport TestReport(nn.Module<Tensor, Tensor> network, Data.ImageDataset test, Device device, int classes)
    {
        using var data = DeviceData.From(test, device);
        return Evaluation.Report(network, data, classes);
    }
}
