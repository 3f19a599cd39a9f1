using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Training;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class CrossValidationSpecs(SmallFashionMnist data) : IClassFixture<SmallFashionMnist>, IDisposable
{
    private readonly TemporaryFolder _checkpoints = new("sweep-ckpt-");

    public void Dispose() => _checkpoints.Dispose();

    [Fact]
    public void Every_fold_trains_and_the_folds_are_aggregated_per_epoch_and_at_the_end()
    {
        TestRuntime.EnsureLoaded();
        var set = data.Take(300, test: 100);
        var model = new ModelSpec { Blocks = [new ConvBlockSpec { Filters = 4, Pool = new PoolSpec() }] };
        var reported = new List<int>();

        var result = CrossValidation.Run(model, new TrainingSpec { Epochs = 2 }, set.Train, set.Test, folds: 3,
            new TrainingRunOptions(3, _checkpoints.Path, Threads: 1), (fold, _) => reported.Add(fold));

        Assert.Equal(3, result.Folds.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2], reported);
        Assert.All(result.Folds, f => Assert.Equal(100, f.Validation!.Count));
        var epoch2 = result.PerEpoch["val_accuracy"][1];
        Assert.Equal(3, epoch2.Count);
        Assert.Equal(result.Folds.Average(f => f.History[1].ValAccuracy), epoch2.Mean, 12);
        Assert.Equal(result.Folds.Average(f => f.Test!.Accuracy), result.Final["test_accuracy"].Mean, 12);
        Assert.True(Directory.Exists(Path.Combine(_checkpoints.Path, "fold-2")));
        Assert.True(result.Complete);
    }

    [Fact]
    public void A_cross_validation_with_a_diverged_fold_reports_no_final_mean()
    {
        TestRuntime.EnsureLoaded();
        var set = data.Take(300);
        var model = new ModelSpec { Blocks = [new ConvBlockSpec { Filters = 4, Pool = new PoolSpec() }] };
        var training = new TrainingSpec { Epochs = 1, Optimizer = new OptimizerSpec { LearningRate = 1e6 } };

        var result = CrossValidation.Run(model, training, set.Train, null, folds: 2, new TrainingRunOptions(3, _checkpoints.Path, Threads: 1));

        Assert.False(result.Complete);
        Assert.Empty(result.Final);
        Assert.All(result.Folds, f => Assert.Equal(SweepCluster.Messages.Results.TrialStatus.Diverged, f.Status));
    }
}
