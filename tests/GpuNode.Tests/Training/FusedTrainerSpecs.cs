using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;
using TorchSharp;
using Xunit.Abstractions;

namespace SweepCluster.GpuNode.Tests.Training;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class FusedTrainerSpecs(SmallFashionMnist data, ITestOutputHelper output) : IClassFixture<SmallFashionMnist>, IDisposable
{
    /// <summary>
    /// Fused and separate float64 training differ only in the order of floating-point sums inside a
    /// grouped convolution and a batched product (the test prints the largest difference seen); 1e-9
    /// leaves room for that and no more: one differing dropout mask, batch or step moves losses by 1e-3 or more.
    /// </summary>
    private const double Tolerance = 1e-9;

    private readonly TemporaryFolder _checkpoints = new("sweep-ckpt-");

    public void Dispose() => _checkpoints.Dispose();

    /// <summary>Two convolution blocks (batch norm; an asymmetric "same" padding at stride 2), a dense layer, dropout in both.</summary>
    private static ModelSpec Model(double blockDropout, double denseDropout) => new()
    {
        Blocks =
        [
            new ConvBlockSpec { Filters = 6, BatchNorm = BatchNormPlacement.After, Pool = new PoolSpec(), Dropout = blockDropout },
            new ConvBlockSpec { Filters = 8, Stride = 2, Kernel = Kernel.Square(4), Activation = ActivationKind.LeakyRelu },
        ],
        Head = new HeadSpec { Dense = [new DenseSpec { Units = 16, Dropout = denseDropout }] },
    };

    /// <summary>
    /// Keras conventions, as when the tolerance was set: under pytorch's defaults the sums'
    /// order moves the first epoch's loss by about 6e-9, over the tolerance.
    /// </summary>
    private static TrainingSpec Training(double rate, double? decay, EarlyStoppingSpec? stopping = null) => new()
    {
        Conventions = Conventions.Keras,
        Epochs = 4,
        BatchSize = 32,
        Optimizer = new OptimizerSpec { LearningRate = rate, WeightDecay = decay },
        EarlyStopping = stopping,
    };

    private IReadOnlyList<TrainingRun> Members(string folder)
    {
        var plain = data.Take(400, test: 200);
        return
        [
            Run(Model(0.1, 0.2), Training(1e-3, null), plain, seed: 1),
            Run(Model(0.3, 0.0), Training(3e-3, 1e-4), plain, seed: 2),
            Run(Model(0.0, 0.5), Training(5e-4, 1e-3), data.Fold(510, 5, 0), seed: 3),
            Run(Model(0.2, 0.1), Training(2e-3, null), data.Fold(510, 5, 1), seed: 4),
            // No later epoch beats the first by 10: stopped by its own early stopping after epoch 2.
            Run(Model(0.1, 0.1), Training(1e-3, null, new EarlyStoppingSpec { Patience = 1, MinDelta = 10 }), plain, seed: 5),
        ];

        TrainingRun Run(ModelSpec model, TrainingSpec training, TrainingData set, long seed) =>
            new(model, training, set, seed, Path.Combine(_checkpoints.Path, folder, $"m{seed}"), Threads: 1, Precision: torch.ScalarType.Float64);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_fused_group_reports_every_member_as_if_it_trained_alone(bool groupKernels)
    {
        TestRuntime.EnsureLoaded();
        var alone = Members("alone").Select(r => Trainer.Run(r)).ToList();
        var fusedRuns = Members("fused");
        var fused = new TrainingResult?[fusedRuns.Count];
        var epochs = fusedRuns.Select(_ => new List<EpochMetrics>()).ToList();
        FusedTrainer.Run(fusedRuns, new MemberReports((m, e) => epochs[m].Add(e), (m, r) => fused[m] = r, (m, e) => throw e), [.. fusedRuns.Select(_ => CancellationToken.None)], groupKernels);

        Assert.NotEqual(alone[2].History[0].TrainLoss, alone[3].History[0].TrainLoss);
        var largest = alone.Zip(fused).SelectMany(p => p.First.History.Zip(p.Second!.History, (e, a) => Math.Max(Math.Abs(e.TrainLoss - a.TrainLoss), Math.Abs(e.ValLoss - a.ValLoss)))).Max();
        output.WriteLine($"largest difference in a loss: {largest:G3}");
        for (var m = 0; m < alone.Count; m++)
        {
            var expected = alone[m];
            var actual = fused[m]!;
            output.WriteLine($"member {m}: {expected.Status} after {expected.History.Count} epochs, test {expected.Test?.Accuracy}");
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(expected.BestEpoch, actual.BestEpoch);
            Assert.Equal(expected.History.Count, actual.History.Count);
            Assert.Equal(actual.History, epochs[m]);
            foreach (var (e, a) in expected.History.Zip(actual.History))
            {
                Assert.Equal(e.Epoch, a.Epoch);
                Assert.Equal(e.TrainLoss, a.TrainLoss, Tolerance);
                Assert.Equal(e.TrainAccuracy, a.TrainAccuracy, Tolerance);
                Assert.Equal(e.ValLoss, a.ValLoss, Tolerance);
                Assert.Equal(e.ValAccuracy, a.ValAccuracy, Tolerance);
            }
            Assert.Equal(expected.Validation!.Accuracy, actual.Validation!.Accuracy, Tolerance);
            Assert.Equal(expected.Test?.Accuracy ?? -1, actual.Test?.Accuracy ?? -1, Tolerance);
        }
        Assert.Equal(TrialStatus.EarlyStopped, fused[4]!.Status);
        Assert.Equal(2, fused[4]!.History.Count);
        Assert.All(fused.Take(4), r => Assert.Equal(4, r!.History.Count));
    }

    [Fact]
    public void A_member_stopped_from_outside_leaves_the_group_and_the_others_train_on_unchanged()
    {
        TestRuntime.EnsureLoaded();
        var runs = Members("stopped");
        var alone = Trainer.Run(Members("alone-0")[0]);
        var cancels = runs.Select(_ => new CancellationTokenSource()).ToList();
        var results = new TrainingResult?[runs.Count];
        var epochs = runs.Select(_ => 0).ToArray();

        // As a scheduler's stop arrives: after member 1 reports epoch 1, while the group trains epoch 2.
        FusedTrainer.Run(
            runs,
            new MemberReports(
                (m, e) =>
                {
                    epochs[m]++;
                    if (m == 1)
                        cancels[1].Cancel();
                },
                (m, r) => results[m] = r,
                (m, e) => throw e),
            [.. cancels.Select(c => c.Token)]);

        Assert.Equal((TrialStatus.Cancelled, 1), (results[1]!.Status, epochs[1]));
        Assert.Equal(4, epochs[0]);
        foreach (var (e, a) in alone.History.Zip(results[0]!.History))
            Assert.Equal(e.ValLoss, a.ValLoss, Tolerance);
    }

    [Fact]
    public void A_member_that_fails_on_its_own_is_reported_and_the_others_finish()
    {
        TestRuntime.EnsureLoaded();
        var runs = Members("one-fails").Take(3).ToList();
        // A PBT start from a checkpoint that is not there: only this member's session can fail on it.
        runs[1] = runs[1] with { StartFrom = new Messages.Nodes.CheckpointOrigin(Path.Combine(_checkpoints.Path, "missing"), 2) };
        var results = new TrainingResult?[runs.Count];
        var crashes = new Dictionary<int, Exception>();

        FusedTrainer.Run(runs, new MemberReports((_, _) => { }, (m, r) => results[m] = r, (m, e) => crashes[m] = e), [.. runs.Select(_ => CancellationToken.None)]);

        Assert.Equal([1], crashes.Keys);
        Assert.Contains("checkpoint of epoch 2", crashes[1].Message);
        Assert.Equal((TrialStatus.Completed, TrialStatus.Completed), (results[0]!.Status, results[2]!.Status));
        Assert.Null(results[1]);
    }
}
