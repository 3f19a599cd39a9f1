using SweepCluster.GpuNode.Frameworks;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.GpuNode.Model;
using SweepCluster.GpuNode.Training.Augmentation;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// One trial's training between its minibatches: the model, optimizer, checkpoints, history, schedule,
/// validation, divergence and early stopping. The trainer that runs a trial alone and the one that
/// runs it fused with others both drive it, epoch by epoch, so a trial trains the same in either.
/// </summary>
internal sealed class TrialSession : IDisposable
{
    private readonly TrainingRun _run;
    private readonly BuiltModel _model;
    private readonly CheckpointLock _lock;
    private readonly CheckpointStore _checkpoints;
    private readonly CheckpointState? _saved;
    private readonly List<EpochMetrics> _history;
    private readonly int _resumedFrom;
    private readonly string? _notice;
    private readonly ResolvedOptimizer _resolved;
    private readonly DeviceData _validation;
    private readonly EarlyStoppingSpec _stopping;
    private readonly EarlyStoppingMonitor _monitor;
    private readonly int _classes;
    private CheckpointState _published;
    private TrialStatus _status;
    private string? _detail;
    private int _nextEpoch;

    public TrialSession(TrainingRun run)
    {
        _run = run;
        _lock = CheckpointLock.Acquire(run.CheckpointDirectory);
        try
        {
            var train = run.Data.Train;
            var device = torch.device(run.Device);
            _classes = train.ClassNames.Count;
            Generator = new Generator((ulong)run.Seed, device);
            _model = ModelBuilder.Build(run.Model, new FeatureShape(train.Channels, train.Height, train.Width), _classes, Training.Conventions, run.Seed, Generator);
            Network = _model.Network.to(run.Precision).to(device);
            _checkpoints = new CheckpointStore(run.CheckpointDirectory, run.KeepEvery);
            (_saved, _notice) = Recover(_checkpoints, run.StartFrom);
            if (_saved is not null)
                _checkpoints.LoadWeights(Network);
            _history = [.. _saved?.History ?? []];
            _resumedFrom = _history.Count;
            _nextEpoch = _resumedFrom + 1;
            Recovered = [.. _history.Where(e => e.Epoch > (run.StartFrom?.Epoch ?? 0))];

            _resolved = FrameworkDefaults.Optimizer(Training.Optimizer, Training.Conventions);
            Optimizer = OptimizerFactory.Create(_resolved, Network.parameters());
            if (_resumedFrom > 0 && _saved?.Finished is null)
                _checkpoints.LoadOptimizer(Optimizer);
            Regularizer = KernelRegularizer.For(Network, Training.Regularization);
            TrainData = DeviceData.From(train, device, run.Precision);
            _validation = DeviceData.From(run.Data.Validation, device, run.Precision);
            _stopping = Training.EarlyStopping ?? new EarlyStoppingSpec { Patience = int.MaxValue, RestoreBestWeights = false };
            _monitor = Replay(_stopping, _history);
            _published = _saved ?? new CheckpointState([], null, null);
            _status = _saved?.Finished ?? TrialStatus.Completed;
            _detail = _saved?.Detail;
        }
        catch
        {
            // The lock must not outlive a session that never started: the next attempt in this process would find its folder locked.
            _lock.Dispose();
            throw;
        }
    }

    public TrainingSpec Training => _run.Training;

    /// <summary>
    /// The epochs this trial trained before, read back from its checkpoint (not a PBT donor's): reported
    /// again before training goes on, since a kill between publishing a checkpoint and recording its
    /// epoch would otherwise leave a gap in the trial's history for good. Recording one twice is harmless.
    /// </summary>
    public IReadOnlyList<EpochMetrics> Recovered { get; }

    public ModelSpec Model => _run.Model;

    public ModelSummary Summary => _model.Summary;

    public Sequential Network { get; }

    /// <summary>The trial's own generator: its shuffles and every dropout mask.</summary>
    public Generator Generator { get; }

    public OptimizerHelper Optimizer { get; }

    public KernelRegularizer? Regularizer { get; }

    public DeviceData TrainData { get; }

    /// <summary>
    /// Starts the next epoch: learning rate, shuffle order, augmentation; null when the trial trains no
    /// further (all epochs done, stopped early, or it had already ended: running it again reports the same result).
    /// </summary>
    public EpochPass? Begin()
    {
        if (_saved?.Finished is not null || _nextEpoch > Training.Epochs)
            return null;
        var epoch = _nextEpoch;
        var rate = LearningRateSchedule.For(Training.Schedule, _resolved.LearningRate, epoch, Training.Epochs, [.. _history.Select(h => h.ValLoss)]);
        OptimizerFactory.SetLearningRate(Optimizer, rate);
        Generator.manual_seed(DerivedSeeds.For(_run.Seed, epoch, DerivedSeeds.Shuffle));
        var augmenter = Training.Augmentation is { } augmentation
            ? new BatchAugmenter(augmentation, _classes, TrainData.Images.device, DerivedSeeds.For(_run.Seed, epoch, DerivedSeeds.Augmentation))
            : null;
        Network.train();
        return new EpochPass(epoch, rate, TrainData, Training.BatchSize, Generator, augmenter);
    }

    /// <summary>The minibatch loss with the kernel penalty, which only the gradient sees.</summary>
    public Tensor Objective(Tensor loss) => Regularizer is null ? loss : loss.add(Regularizer.Penalty());

    /// <summary>
    /// Ends an epoch: validation, divergence, checkpoint, report, early stopping. Returns the trial's
    /// result when the epoch ended it as cancelled or diverged, else null (<see cref="Begin"/> says whether another follows).
    /// </summary>
    public TrainingResult? End(EpochPass pass, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        var epoch = pass.Epoch;
        var (trainLoss, trainAccuracy) = pass.Totals();
        var seconds = pass.Seconds;
        if (cancel.IsCancellationRequested)
            return Result(TrialStatus.Cancelled, $"cancelled during epoch {epoch}");
        var (valLoss, valAccuracy, _) = Evaluation.Run(Network, _validation, withProbabilities: false);
        if (Diverged(trainLoss) || Diverged(valLoss))
        {
            var why = $"loss became {(Diverged(trainLoss) ? trainLoss : valLoss):G4} in epoch {epoch}";
            _checkpoints.MarkFinished(TrialStatus.Diverged, why);
            return Result(TrialStatus.Diverged, why);
        }

        var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, pass.Rate, seconds, TrainData.Count / seconds);
        _history.Add(metrics);
        var decision = _monitor.Observe(epoch, Monitored(_stopping, metrics));
        _published = _checkpoints.SaveEpoch(epoch, Network, Optimizer, _published with { History = [.. _history], BestEpoch = _monitor.BestEpoch }, decision.Improved, _run.Model, Training);
        // Reported only once its checkpoint is published: a recorded epoch can always be resumed after.
        onEpoch?.Invoke(metrics);
        _nextEpoch = epoch + 1;
        if (decision.Stop && epoch < Training.Epochs)
        {
            _status = TrialStatus.EarlyStopped;
            _detail = $"no improvement of {_stopping.Monitor} for {_stopping.Patience} epochs after epoch {_monitor.BestEpoch}";
            _nextEpoch = int.MaxValue;
        }
        return null;
    }

    /// <summary>After the last epoch: records the ending, restores the best weights when asked, and evaluates.</summary>
    public TrainingResult Finish()
    {
        if (_status == TrialStatus.Diverged)
            return Result(_status, _detail);
        if (_saved?.Finished is null)
            _checkpoints.MarkFinished(_status, _detail);
        if (_stopping.RestoreBestWeights && _checkpoints.BestModelPath is { } best)
            Network.load(best);
        return Result(_status, _detail);
    }

    public void Dispose()
    {
        _lock.Dispose();
        _validation.Dispose();
        TrainData.Dispose();
        Optimizer.Dispose();
        _model.Dispose();
        Generator.Dispose();
    }

    private TrainingResult Result(TrialStatus ending, string? why)
    {
        why = _notice is null ? why : why is null ? _notice : $"{why}; {_notice}";
        var keepsWeights = ending is TrialStatus.Completed or TrialStatus.EarlyStopped;
        return new TrainingResult(
            ending,
            _history,
            _monitor.BestEpoch,
            keepsWeights ? Evaluation.Report(Network, _validation, _classes) : null,
            keepsWeights && _run.Data.Test is { } test ? TestReport(test) : null,
            _model.Summary,
            _resumedFrom,
            why);
    }

    private ClassificationReport TestReport(Data.ImageDataset test)
    {
        using var data = DeviceData.From(test, TrainData.Images.device, _run.Precision);
        return Evaluation.Report(Network, data, _classes);
    }

    /// <summary>A mean cross-entropy this high means the run diverged, even while still finite.</summary>
    private static bool Diverged(double loss) => !(loss < Trainer.DivergedLoss);

    /// <summary>The trial's own checkpoint, or (PBT) the donor's epoch copied in when it has none; an untrustworthy one is moved aside.</summary>
    private static (CheckpointState? Saved, string? Notice) Recover(CheckpointStore checkpoints, CheckpointOrigin? startFrom)
    {
        var (saved, notice) = checkpoints.Recover();
        if (saved is not null || startFrom is null)
            return (saved, notice);
        checkpoints.StartFrom(startFrom);
        return (checkpoints.Recover().State, notice);
    }

    private static EarlyStoppingMonitor Replay(EarlyStoppingSpec stopping, IReadOnlyList<EpochMetrics> history)
    {
        var monitor = new EarlyStoppingMonitor(MetricRegistry.For(stopping.Monitor).HigherIsBetter, stopping.Patience, stopping.MinDelta);
        foreach (var epoch in history)
            monitor.Observe(epoch.Epoch, Monitored(stopping, epoch));
        return monitor;
    }

    private static double Monitored(EarlyStoppingSpec stopping, EpochMetrics metrics) =>
        MetricRegistry.For(stopping.Monitor).Of(metrics)!.Value;
}
