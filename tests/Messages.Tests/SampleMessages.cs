using System.Text.Json.Nodes;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Messages.Tests;

/// <summary>One filled-in instance of every message type, exercising every kind of field.</summary>
internal static class SampleMessages
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 30, 0, TimeSpan.FromHours(1));

    private static readonly TrialSpec Spec = new(
        new DatasetSpec
        {
            Name = "pets",
            Path = "pets",
            Folds = 5,
            Subset = 1000,
            Source = DataSource.ImageFolder,
            TrainFolder = "train",
            TestFolder = "test",
            Size = [32, 48],
            Color = ColorMode.Rgb,
            Classes = ["cat", "dog"],
            TestSplit = 0.25,
            SplitSeed = 7,
            Fingerprint = "sha256:" + new string('c', 64),
        },
        new ModelSpec
        {
            Init = WeightInit.HeNormal,
            Blocks =
            [
                new ConvBlockSpec { Filters = 32, Kernel = new Kernel(5, 3), Padding = Padding.Of(2), Activation = ActivationKind.LeakyRelu, Alpha = 0.1, BatchNorm = BatchNormPlacement.AfterPool, Pool = new PoolSpec(PoolKind.Soft, 3, 2), Dropout = 0.25 },
                new ResidualBlockSpec { Filters = 64, Stride = 2 },
                new InceptionBlockSpec { BatchNorm = true, Pool = new PoolSpec(PoolKind.Min) },
            ],
            Head = new HeadSpec { Pooling = HeadPooling.GlobalAverage, Dense = [new DenseSpec { Units = 84, Dropout = 0.5 }] },
        },
        new TrainingSpec
        {
            Conventions = Conventions.PyTorch,
            Optimizer = new OptimizerSpec { Kind = OptimizerKind.AdamW, LearningRate = 3e-4, WeightDecay = 0.01 },
            Schedule = new ScheduleSpec { Kind = ScheduleKind.ReduceOnPlateau },
            Regularization = new RegularizationSpec { L2 = 1e-4 },
            EarlyStopping = new EarlyStoppingSpec { Monitor = MonitoredMetric.ValAccuracy },
            Augmentation = new AugmentationSpec { HorizontalFlip = true, MixupAlpha = 0.2 },
        },
        42);

    private static readonly TrialDefinition Definition = new("0123456789ab", 3, "lr=0.1", new Dictionary<string, string> { ["training.optimizer.learning_rate"] = "0.1" }, Spec, 421_834, 192);

    private static readonly EpochMetrics Epoch = new(2, 0.31, 0.89, 0.35, 0.87, 5e-4, 12.5, 4800);

    private static readonly ClassificationReport Report = new(
        10, 0.9, 0.3, [[4, 1], [0, 5]], [new ClassMetrics(0, 1, 0.8, 0.888, 5), new ClassMetrics(1, 0.833, 1, 0.909, 5)],
        new AveragedMetrics(0.916, 0.9, 0.898), new AveragedMetrics(0.916, 0.9, 0.898), 0.97);

    private static readonly TrialOutcome Outcome = new(TrialStatus.EarlyStopped, 7, Report, Report, "no improvement");

    private static readonly TrialOutcome FoldOutcome = new(TrialStatus.Completed, null, null, null, "3-fold",
        new FoldSummary(3, new FoldMetric(0.9, 0.01), new FoldMetric(0.3, 0.02), new FoldMetric(0.89, null), null));

    /// <summary>Every part a design can have (a real sweep has a sampler or stages, not both).</summary>
    private static readonly SweepDesign Design = new(
        SearchStrategy.Random,
        new SchedulerSpec { Type = SchedulerKind.Pbt, Mode = MetricMode.Max, MaxEpochs = 8, Seed = 3, Mutations = new Dictionary<string, JsonNode?> { ["training.optimizer.learning_rate"] = JsonNode.Parse("{\"loguniform\": [0.0001, 0.1]}") } },
        new TpeDesign(30, "val_accuracy", 10, 24, new JsonObject { ["training"] = new JsonObject { ["epochs"] = 4 } }, new JsonObject { ["training.optimizer.learning_rate"] = JsonNode.Parse("{\"loguniform\": [0.0001, 0.05]}") }, 5),
        new StageDesign("val_loss", ["width", "rate"], new JsonObject { ["strategy"] = "stages" }, 1));

    public static IEnumerable<ISweepClusterMessage> All() =>
    [
        new SweepSubmitted("s1", "study", "study.yaml", "name: study", [Definition], At, Checkpoints: new SweepCheckpoints("/data/checkpoints", "0123456789ab"), Design: Design),
        new TrialDispatched("s1", "t2", 1, "node-a", At, new FusedGroup("t1#2", 4)),
        new EpochRecorded("s1", "t1", 2, Epoch),
        new TrialFinished("s1", "t1", 2, Outcome, At),
        new TrialFailed("s1", "t1", 2, "boom", true, At, TrialsFault: false),
        new TrialsRetried("s1", ["t1", "t2"], At),
        new ChangedDataAccepted("s1", "sha256:" + new string('a', 64), "sha256:" + new string('b', 64), At),
        new TrialRequeued("s1", "t1", 2, "node died", true, At),
        new SweepCancelled("s1", At),
        new SweepCompleted("s1", At, "stage 2 ('batch-size') not run: no trial of stage 1 has val_accuracy"),
        new StageStarted("s1", 1, "batch-size", "t1", [Definition with { TrialId = "t2", Index = 1 }], ["t1"], At),
        new TrialStopped("s1", "t1", 2, 3, "asha", 1, "rung 1 (epoch 3): not in the top 2 of 7", At),
        new TrialProposed("s1", Definition with { TrialId = "t3", Index = 2 }, At),
        new TrialExploited("s1", "t1", 2, 4, Definition, new PbtOrigin("t3", 1, 4), "bottom 1 of 4", At),
        new SamplingEnded("s1", "no new valid sample in 20 proposals", At),
        new SweepSnapshot("s1", "study", "study.yaml", "name: study", "Running", [new TrialSnapshot(Definition, "Finished", 2, null, 7, 1, Outcome, "boom", Epoch, [Epoch], 2, new PbtOrigin("t3", 0, 4), Retryable: true, NotBefore: At)], 1, ["t1"], true,
            new SweepCheckpoints("/data/checkpoints", "0123456789ab"), Design),
        new SubmitSweep("s1", "study", "study.yaml", "name: study", [Definition], new SweepCheckpoints("/data/checkpoints", "0123456789ab"), Design),
        new CancelSweep("s1"),
        new RetryFailedTrials("s1"),
        new AcceptChangedData("s1", "sha256:" + new string('a', 64), "sha256:" + new string('b', 64)),
        new LeaseTrial("s1", "node-a", MaxGroup: 8),
        new RecordEpoch("s1", "t1", 2, Epoch),
        new RecordFinish("s1", "t1", 2, Outcome),
        new RecordFailure("s1", "t1", 2, "boom", false, OutOfMemory: true),
        new ReleaseNode("s1", "node-a", "unreachable", true),
        new RequestWork("node-a", 1, "cuda", 18, MaxGroup: 8, Slots: 4, MemoryUsed: 3L << 30, MemoryLimit: 70L << 30),
        new GetNodes(),
        new NodesResponse([new NodeReport("node-a", "cuda", 4, 1, 8, 3L << 30, 70L << 30), new NodeReport("cpu-b", "cpu", 2, 2, 1, 1L << 29, null)]),
        new AssignTrial("s1", "t1", 2, Spec, "/ckpt/s1/t1.pbt-2", new CheckpointOrigin("/ckpt/s1/t3", 4), 2),
        new EpochDone("s1", "t1", 2, "node-a", Epoch),
        new TrialDone("s1", "t1", 2, "node-a", FoldOutcome),
        new TrialCrashed("s1", "t1", 2, "node-a", "CUDA out of memory", false, OutOfMemory: true),
        new AssignGroup("s1", "t1#2", [new AssignTrial("s1", "t1", 2, Spec, "/ckpt/s1/t1"), new AssignTrial("s1", "t2", 1, Spec, "/ckpt/s1/t2")]),
        new StopTrial("s1", "t1", 2, "sweep cancelled"),
        new ResumeSweep("s1"),
        new NodeLeaving("gpu-b"),
    ];
}
