using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Training;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class CheckpointEvaluatorSpecs(SmallFashionMnist data) : IClassFixture<SmallFashionMnist>, IDisposable
{
    private readonly TemporaryFolder _checkpoints = new("sweep-ckpt-");

    public void Dispose() => _checkpoints.Dispose();

    [Fact]
    public void Loading_the_best_checkpoint_and_evaluating_gives_the_same_metrics()
    {
        TestRuntime.EnsureLoaded();
        var set = data.Take(400, test: 200);
        var model = new ModelSpec
        {
            Blocks = [new ConvBlockSpec { Filters = 6, Pool = new PoolSpec(), BatchNorm = BatchNormPlacement.After }],
            Head = new HeadSpec { Dense = [new DenseSpec { Units = 16, Dropout = 0.3 }] },
        };
        var training = new TrainingSpec { Epochs = 3, EarlyStopping = new EarlyStoppingSpec { Patience = 5 } };
        var result = Trainer.Run(new TrainingRun(model, training, set, 11, _checkpoints.Path, Threads: 1));
        var best = new CheckpointStore(_checkpoints.Path).BestModelPath!;

        var validation = CheckpointEvaluator.Evaluate(model, training.Conventions, best, set.Validation);
        var test = CheckpointEvaluator.Evaluate(model, training.Conventions, best, set.Test!);

        Assert.Equal(result.Validation!.Accuracy, validation.Accuracy);
        Assert.Equal(result.Validation.LogLoss, validation.LogLoss, 9);
        Assert.Equal(result.Test!.ConfusionMatrix, test.ConfusionMatrix);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(best)!, "spec.json")));
    }

    [Fact]
    public void Missing_weights_are_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() =>
            CheckpointEvaluator.Evaluate(new ModelSpec(), Conventions.Keras, "/no/such/model.bin", data.Take(40).Validation));

        Assert.Contains("/no/such/model.bin", error.Message);
    }
}
