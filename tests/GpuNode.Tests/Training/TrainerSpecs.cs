using SweepCluster.GpuNode.Tests.Model;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;
using Xunit.Abstractions;

namespace SweepCluster.GpuNode.Tests.Training;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class TrainerSpecs(SmallFashionMnist data, ITestOutputHelper output) : IClassFixture<SmallFashionMnist>, IDisposable
{
    private readonly TemporaryFolder _checkpoints = new("sweep-ckpt-");

    public void Dispose() => _checkpoints.Dispose();

    private static readonly ModelSpec Tiny = new()
    {
        Blocks = [new ConvBlockSpec { Filters = 8, Pool = new PoolSpec(), Dropout = 0.1 }],
        Head = new HeadSpec { Dense = [new DenseSpec { Units = 16, Dropout = 0.2 }] },
    };

    private TrainingResult Train(ModelSpec model, TrainingSpec training, TrainingData set, string? directory = null, Action<EpochMetrics>? onEpoch = null, CancellationToken cancel = default)
    {
        TestRuntime.EnsureLoaded();
        var run = new TrainingRun(model, training, set, Seed: 7, directory ?? _checkpoints.Path, Threads: 1);
        return Trainer.Run(run, onEpoch, cancel);
    }

    [Fact]
    public void Study_a_baseline_reaches_80_percent_test_accuracy_on_10000_images_in_2_epochs()
    {
        // PyTorch's BatchNorm momentum: Keras's 0.99 keeps running statistics that lag the weights
        // for far more than these 626 steps (measured: 74.6% test accuracy; 87% with 0.1).
        var training = new TrainingSpec { Epochs = 2, BatchSize = 32, Conventions = Conventions.PyTorch };

        var result = Train(StudyModels.BaselineA(), training, data.Take(10_000, test: 2_000));
        foreach (var epoch in result.History)
            output.WriteLine(epoch.ToString());

        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Equal(2, result.History.Count);
        Assert.True(result.Test!.Accuracy >= 0.80, $"test accuracy {result.Test.Accuracy:P1}");
        Assert.True(result.History[1].TrainLoss < result.History[0].TrainLoss);
    }

    [Fact]
    public void A_huge_learning_rate_ends_as_diverged_at_its_epoch()
    {
        var training = new TrainingSpec { Epochs = 3, Optimizer = new OptimizerSpec { LearningRate = 1e6 } };

        var result = Train(Tiny, training, data.Take(400));

        Assert.Equal(TrialStatus.Diverged, result.Status);
        Assert.Contains("in epoch 1", result.Detail);
        Assert.Empty(result.History);
        Assert.Null(result.Test);
    }

    [Fact]
    public void Early_stopping_stops_after_patience_and_restores_the_best_weights()
    {
        // A min_delta no epoch can beat makes epoch 1 the best; patience 2 then stops at epoch 3.
        var training = new TrainingSpec
        {
            Epochs = 6,
            EarlyStopping = new EarlyStoppingSpec { Patience = 2, MinDelta = 10, RestoreBestWeights = true },
        };

        var result = Train(Tiny, training, data.Take(600));

        Assert.Equal(TrialStatus.EarlyStopped, result.Status);
        Assert.Equal(3, result.History.Count);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(result.History[0].ValAccuracy, result.Validation!.Accuracy, 6);
        Assert.NotEqual(result.History[2].ValLoss, result.History[0].ValLoss);
    }

    [Fact]
    public void The_same_seed_trains_the_same_curve()
    {
        var training = new TrainingSpec { Epochs = 2, Augmentation = new AugmentationSpec { HorizontalFlip = true, Shift = 0.1 } };
        using var other = new TemporaryFolder("sweep-ckpt-");

        var first = Train(Tiny, training, data.Take(400));
        var second = Train(Tiny, training, data.Take(400), other.Path);

        Assert.Equal(first.History.Select(h => (h.TrainLoss, h.ValLoss)), second.History.Select(h => (h.TrainLoss, h.ValLoss)));
    }

    [Fact]
    public void An_interrupted_trial_resumes_from_its_epoch_checkpoint_exactly()
    {
        var set = data.Take(400);
        var training = new TrainingSpec { Epochs = 3, Schedule = new ScheduleSpec { Kind = ScheduleKind.Step, Every = 1 } };
        using var straight = new TemporaryFolder("sweep-ckpt-");
        var uninterrupted = Train(Tiny, training, set, straight.Path);

        var cancel = new CancellationTokenSource();
        var stopped = Train(Tiny, training, set, onEpoch: e => { if (e.Epoch == 2) cancel.Cancel(); }, cancel: cancel.Token);
        var resumed = Train(Tiny, training, set);

        Assert.Equal(TrialStatus.Cancelled, stopped.Status);
        Assert.Equal(2, resumed.ResumedFromEpoch);
        Assert.Equal(uninterrupted.History.Select(h => (h.TrainLoss, h.ValLoss, h.LearningRate)), resumed.History.Select(h => (h.TrainLoss, h.ValLoss, h.LearningRate)));
        Assert.Equal(uninterrupted.Validation!.LogLoss, resumed.Validation!.LogLoss);
    }

    [Fact]
    public void A_pbt_trial_goes_on_from_a_kept_epoch_of_another_exactly_as_that_trial_did()
    {
        TestRuntime.EnsureLoaded();
        var set = data.Take(400);
        var training = new TrainingSpec { Epochs = 4 };
        using var donorFolder = new TemporaryFolder("sweep-ckpt-");
        var donor = Trainer.Run(new TrainingRun(Tiny, training, set, 7, donorFolder.Path, Threads: 1, KeepEvery: 2));
        Assert.Contains("epoch-0002", Directory.GetDirectories(donorFolder.Path).Select(Path.GetFileName));
        Assert.DoesNotContain("epoch-0003", Directory.GetDirectories(donorFolder.Path).Select(Path.GetFileName));

        var origin = new SweepCluster.Messages.Nodes.CheckpointOrigin(donorFolder.Path, 2);
        var same = Trainer.Run(new TrainingRun(Tiny, training, set, 7, _checkpoints.Path, Threads: 1, StartFrom: origin));
        using var otherFolder = new TemporaryFolder("sweep-ckpt-");
        var faster = training with { Optimizer = new OptimizerSpec { LearningRate = 0.01 } };
        var perturbed = Trainer.Run(new TrainingRun(Tiny, faster, set, 7, otherFolder.Path, Threads: 1, StartFrom: origin));

        Assert.Equal(2, same.ResumedFromEpoch);
        Assert.Equal(donor.History.Select(h => (h.TrainLoss, h.ValLoss)), same.History.Select(h => (h.TrainLoss, h.ValLoss)));
        Assert.Equal(donor.History.Take(2), perturbed.History.Take(2));
        Assert.Equal(0.01, perturbed.History[2].LearningRate);
        Assert.NotEqual(donor.History[2].TrainLoss, perturbed.History[2].TrainLoss);
    }

    [Fact]
    public void A_finished_trial_run_again_trains_nothing_more_and_reports_the_same_result_and_history()
    {
        var set = data.Take(600);
        var training = new TrainingSpec { Epochs = 6, EarlyStopping = new EarlyStoppingSpec { Patience = 2, MinDelta = 10 } };
        var first = Train(Tiny, training, set);
        var epochs = new List<EpochMetrics>();

        var again = Train(Tiny, training, set, onEpoch: epochs.Add);

        Assert.Equal(TrialStatus.EarlyStopped, again.Status);
        Assert.Equal(first.History, epochs);
        Assert.Equal(first.History, again.History);
        Assert.Equal(first.Validation!.LogLoss, again.Validation!.LogLoss, 9);
    }

    [Fact]
    public void A_diverged_trial_run_again_stays_diverged_without_training()
    {
        var training = new TrainingSpec { Epochs = 3, Optimizer = new OptimizerSpec { LearningRate = 1e6 } };
        Train(Tiny, training, data.Take(400));
        var epochs = new List<EpochMetrics>();

        var again = Train(Tiny, training, data.Take(400), onEpoch: epochs.Add);

        Assert.Equal(TrialStatus.Diverged, again.Status);
        Assert.Contains("in epoch 1", again.Detail);
        Assert.Empty(epochs);
    }

    [Fact]
    public void The_published_best_weights_belong_to_the_reported_best_epoch_and_stale_folders_are_gone()
    {
        var result = Train(Tiny, new TrainingSpec { Epochs = 4, EarlyStopping = new EarlyStoppingSpec { Patience = 10 } }, data.Take(400));

        var best = new CheckpointStore(_checkpoints.Path).BestModelPath!;
        Assert.Equal($"best-{result.BestEpoch:D4}", Path.GetFileName(Path.GetDirectoryName(best)));
        var folders = Directory.GetDirectories(_checkpoints.Path).Select(Path.GetFileName).Order();
        Assert.Equal(new[] { $"best-{result.BestEpoch:D4}", "epoch-0004" }.Order(), folders);
    }

    [Fact]
    public void Cancellation_between_batches_ends_the_trial_as_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var result = Train(Tiny, new TrainingSpec { Epochs = 2 }, data.Take(200), cancel: cancel.Token);

        Assert.Equal(TrialStatus.Cancelled, result.Status);
        Assert.Empty(result.History);
    }

    [Fact]
    public void Reports_every_epoch_and_a_full_final_evaluation()
    {
        var reported = new List<EpochMetrics>();

        var result = Train(Tiny, new TrainingSpec { Epochs = 2 }, data.Take(500, test: 300), onEpoch: reported.Add);

        Assert.Equal(result.History, reported);
        Assert.All(reported, e => Assert.True(e.ImagesPerSecond > 0 && e.Seconds > 0 && e.LearningRate == 1e-3));
        Assert.Equal(300, result.Test!.Count);
        Assert.Equal(10, result.Test.ConfusionMatrix.Length);
        Assert.Equal(300, result.Test.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.NotNull(result.Test.RocAucMacro);
        Assert.Equal(10, result.Test.PerClass.Count);
    }

    public static TheoryData<string, TrainingSpec> EveryTrainingOption()
    {
        var data = new TheoryData<string, TrainingSpec>();
        foreach (var kind in Enum.GetValues<OptimizerKind>())
            data.Add($"optimizer {kind}", new TrainingSpec { Optimizer = new OptimizerSpec { Kind = kind } });
        data.Add("sgd nesterov", new TrainingSpec { Optimizer = new OptimizerSpec { Kind = OptimizerKind.Sgd, Momentum = 0.9, Nesterov = true } });
        data.Add("rmsprop momentum", new TrainingSpec { Optimizer = new OptimizerSpec { Kind = OptimizerKind.RmsProp, Momentum = 0.9 } });
        data.Add("adamw decay", new TrainingSpec { Optimizer = new OptimizerSpec { Kind = OptimizerKind.AdamW, WeightDecay = 0.05 } });
        foreach (var kind in Enum.GetValues<ScheduleKind>())
            data.Add($"schedule {kind}", new TrainingSpec { Epochs = 2, Schedule = new ScheduleSpec { Kind = kind, Every = 1, Patience = 1 } });
        data.Add("l1", new TrainingSpec { Regularization = new RegularizationSpec { L1 = 1e-4 } });
        data.Add("l2", new TrainingSpec { Regularization = new RegularizationSpec { L2 = 1e-4 } });
        data.Add("l1l2", new TrainingSpec { Regularization = new RegularizationSpec { L1 = 1e-5, L2 = 1e-4 } });
        data.Add("keras conventions", new TrainingSpec { Conventions = Conventions.Keras });
        data.Add("early stopping on accuracy", new TrainingSpec { Epochs = 2, EarlyStopping = new EarlyStoppingSpec { Monitor = MonitoredMetric.ValAccuracy, Patience = 1 } });
        data.Add("every augmentation", new TrainingSpec
        {
            Augmentation = new AugmentationSpec
            {
                HorizontalFlip = true,
                RotationDegrees = 20,
                Shift = 0.1,
                Zoom = 0.1,
                Brightness = 0.1,
                Contrast = 0.1,
                BlurSigma = 1,
                Cutout = 6,
                MixupAlpha = 0.2,
            },
        });
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTrainingOption))]
    public void Every_training_option_trains(string name, TrainingSpec training)
    {
        using var folder = new TemporaryFolder("sweep-ckpt-");
        var result = Train(Tiny, training with { BatchSize = 32, Epochs = Math.Max(1, training.Epochs == 10 ? 1 : training.Epochs) }, data.Take(160), folder.Path);

        Assert.True(result.Status is TrialStatus.Completed or TrialStatus.EarlyStopped, $"{name}: {result.Status} {result.Detail}");
        Assert.All(result.History, e => Assert.True(double.IsFinite(e.TrainLoss), name));
    }
}
