using SweepCluster.GpuNode.Embedding;
using SweepCluster.GpuNode.Model;
using SweepCluster.GpuNode.Tests.Training;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;
using TorchSharp;

namespace SweepCluster.GpuNode.Tests.Embedding;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class LayerActivationsSpecs(SmallFashionMnist data) : IClassFixture<SmallFashionMnist>, IDisposable
{
    private readonly TemporaryFolder _checkpoints = new("sweep-ckpt-");

    public void Dispose() => _checkpoints.Dispose();

    [Fact]
    public void Every_named_layer_gives_one_row_per_image_and_the_logits_classify_as_the_evaluation_did()
    {
        TestRuntime.EnsureLoaded();
        var set = data.Take(300, test: 120);
        var model = new ModelSpec
        {
            Blocks = [new ConvBlockSpec { Filters = 6, Pool = new PoolSpec() }, new ConvBlockSpec { Filters = 8, Pool = new PoolSpec() }],
            Head = new HeadSpec { Dense = [new DenseSpec { Units = 16 }] },
        };
        var training = new TrainingSpec();
        // Freshly initialised weights, saved as a checkpoint would be: what is checked here is the walk through the layers, not training.
        var weights = Path.Combine(_checkpoints.Path, "model.bin");
        using (var generator = new torch.Generator(5))
        using (var built = ModelBuilder.Build(model, new FeatureShape(1, 28, 28), 10, training.Conventions, seed: 5, generator))
            built.Network.save(weights);

        Assert.Equal(["block0", "block1", "flatten", "dense0", "logits"], LayerActivations.Names(model));
        long[] widths = [6 * 14 * 14, 8 * 7 * 7, 8 * 7 * 7, 16, 10];
        foreach (var (layer, width) in LayerActivations.Names(model).Zip(widths))
        {
            using var features = LayerActivations.Of(model, training.Conventions, weights, set.Test!, layer, torch.CPU);
            Assert.Equal([120L, width], features.shape);
        }
        using var logits = LayerActivations.Of(model, training.Conventions, weights, set.Test!, "logits", torch.CPU);
        var predicted = logits.argmax(1).data<long>().ToArray();
        var accuracy = predicted.Where((p, i) => p == set.Test!.Labels[i]).Count() / 120.0;
        Assert.Equal(CheckpointEvaluator.Evaluate(model, training.Conventions, weights, set.Test!).Accuracy, accuracy, 12);

        var error = Assert.Throws<ArgumentException>(() => LayerActivations.Of(model, training.Conventions, weights, set.Test!, "dense1", torch.CPU));
        Assert.Contains("block0, block1, flatten, dense0, logits", error.Message);
    }
}
