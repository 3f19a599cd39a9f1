using SweepCluster.GpuNode.Model;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Padding = SweepCluster.Messages.Specs.Padding;

namespace SweepCluster.GpuNode.Tests.Model;

[Collection(nameof(GlobalGeneratorCollection))]
public sealed class ModelBuilderSpecs
{
    private static readonly FeatureShape Mnist = new(1, 28, 28);

    public ModelBuilderSpecs() => TestRuntime.EnsureLoaded();

    private static BuiltModel Build(ModelSpec spec, FeatureShape? input = null, Conventions conventions = Conventions.Keras) =>
        ModelBuilder.Build(spec, input ?? Mnist, 10, conventions, seed: 1, new Generator(1));

    /// <summary>Trainable parameters, and buffers as Keras counts them (running statistics, not the batch counter).</summary>
    private static (long Trainable, long NonTrainable) TorchCounts(nn.Module network) => (
        network.parameters().Where(p => p.requires_grad).Sum(p => p.numel()),
        network.named_buffers().Where(b => !b.name.EndsWith("num_batches_tracked")).Sum(b => b.buffer.numel()));

    [Fact]
    public void Study_a_baseline_has_421834_trainable_and_192_non_trainable_parameters()
    {
        using var model = Build(StudyModels.BaselineA());

        Assert.Equal(421_834, model.Summary.Trainable);
        Assert.Equal(192, model.Summary.NonTrainable);
        Assert.Equal((421_834L, 192L), TorchCounts(model.Network));
    }

    public static TheoryData<string, ModelSpec, FeatureShape> EveryOption()
    {
        var data = new TheoryData<string, ModelSpec, FeatureShape>();
        void Add(string name, BlockSpec block, HeadSpec? head = null, FeatureShape? input = null) =>
            data.Add(name, new ModelSpec { Blocks = [block], Head = head ?? new HeadSpec { Dense = [new DenseSpec { Units = 16 }] } }, input ?? Mnist);

        foreach (var activation in Enum.GetValues<ActivationKind>())
            Add($"activation {activation}", new ConvBlockSpec { Filters = 4, Activation = activation });
        foreach (var placement in Enum.GetValues<BatchNormPlacement>())
            Add($"batch norm {placement}", new ConvBlockSpec { Filters = 4, BatchNorm = placement, Pool = new PoolSpec() });
        foreach (var pool in Enum.GetValues<PoolKind>())
            Add($"pool {pool}", new ConvBlockSpec { Filters = 4, Pool = new PoolSpec(pool, 3, 2) });
        Add("kernel 5x3 stride 2 same", new ConvBlockSpec { Filters = 4, Kernel = new Kernel(5, 3), Stride = 2 });
        Add("kernel 2 same (asymmetric)", new ConvBlockSpec { Filters = 4, Kernel = Kernel.Square(2) });
        Add("kernel 5 stride 5 same", new ConvBlockSpec { Filters = 4, Kernel = Kernel.Square(5), Stride = 5 });
        Add("valid padding", new ConvBlockSpec { Filters = 4, Kernel = Kernel.Square(5), Padding = Padding.Valid });
        Add("explicit padding 2", new ConvBlockSpec { Filters = 4, Kernel = Kernel.Square(5), Padding = Padding.Of(2) });
        Add("1x1 convolution", new ConvBlockSpec { Filters = 8, Kernel = Kernel.Square(1), Dropout = 0.2 });
        Add("residual projection", new ResidualBlockSpec { Filters = 8, Stride = 2 });
        Add("residual no batch norm", new ResidualBlockSpec { Filters = 8, BatchNorm = false });
        Add("inception", new InceptionBlockSpec { Branch1x1 = 4, Reduce3x3 = 3, Branch3x3 = 5, Reduce5x5 = 2, Branch5x5 = 3, PoolProjection = 2, BatchNorm = true },
            new HeadSpec { Pooling = HeadPooling.GlobalAverage });
        Add("dense dropout, leaky alpha", new ConvBlockSpec { Filters = 4, Pool = new PoolSpec() },
            new HeadSpec { Dense = [new DenseSpec { Units = 12, Activation = ActivationKind.LeakyRelu, Alpha = 0.1, Dropout = 0.5 }] });
        Add("colour input", new ConvBlockSpec { Filters = 4, Pool = new PoolSpec() }, input: new FeatureShape(3, 32, 32));
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void Every_option_builds_matches_the_summary_and_takes_a_gradient_step(string name, ModelSpec spec, FeatureShape input)
    {
        using var scope = NewDisposeScope();
        using var model = Build(spec, input);
        var batch = torch.rand([4, input.Channels, input.Height, input.Width], generator: new Generator(2));
        var optimizer = torch.optim.SGD(model.Network.parameters(), 0.1);

        var logits = model.Network.forward(batch);
        var loss = nn.functional.cross_entropy(logits, torch.tensor(new long[] { 0, 1, 2, 3 }));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();

        Assert.Equal(new long[] { 4, 10 }, logits.shape);
        Assert.Equal((model.Summary.Trainable, model.Summary.NonTrainable), TorchCounts(model.Network));
        Assert.True(float.IsFinite(loss.item<float>()), name);
    }

    [Fact]
    public void Summary_shapes_match_the_real_block_outputs()
    {
        var spec = new ModelSpec
        {
            Blocks =
            [
                new ConvBlockSpec { Filters = 6, Kernel = Kernel.Square(5), Stride = 2, Pool = new PoolSpec(PoolKind.Soft, 3, 1) },
                new ResidualBlockSpec { Filters = 8, Stride = 2 },
            ],
        };
        using var scope = NewDisposeScope();
        using var model = Build(spec);
        var x = torch.rand(2, 1, 28, 28);

        foreach (var (name, block) in model.Network.named_children().Take(2))
        {
            x = ((nn.Module<Tensor, Tensor>)block).forward(x);
            var expected = model.Summary.Layers.Last(l => l.Path == $"model.blocks[{name[^1]}]").Output;
            Assert.Equal(new long[] { 2, expected.Channels, expected.Height, expected.Width }, x.shape);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_initial_weights_and_another_seed_does_not()
    {
        using var a = ModelBuilder.Build(StudyModels.BaselineA(), Mnist, 10, Conventions.Keras, 5, new Generator(5));
        using var b = ModelBuilder.Build(StudyModels.BaselineA(), Mnist, 10, Conventions.Keras, 5, new Generator(5));
        using var c = ModelBuilder.Build(StudyModels.BaselineA(), Mnist, 10, Conventions.Keras, 6, new Generator(6));

        var weights = a.Network.parameters().Zip(b.Network.parameters(), c.Network.parameters()).ToList();
        Assert.All(weights, w => Assert.True(w.First.eq(w.Second).all().item<bool>()));
        Assert.Contains(weights, w => !w.First.eq(w.Third).all().item<bool>());
    }

    [Theory]
    [InlineData(WeightInit.GlorotUniform)]
    [InlineData(WeightInit.HeNormal)]
    [InlineData(WeightInit.Zeros)]
    public void Explicit_init_zeroes_biases_and_keeps_kernels_within_keras_limits(WeightInit init)
    {
        var spec = StudyModels.BaselineA() with { Init = init };
        using var model = Build(spec);
        var denseWeight = model.Network.named_parameters().Single(p => p.name == "head.dense0.weight").parameter;

        Assert.All(model.Network.named_parameters().Where(p => p.name.EndsWith("bias") && !p.name.Contains("bn")),
            p => Assert.Equal(0, p.parameter.abs().sum().item<float>()));
        var limit = init switch
        {
            // glorot_uniform: sqrt(6 / (3136 + 128)); he_normal: 2 x sqrt(2 / 3136) / 0.8796 (truncated at 2 sd).
            WeightInit.GlorotUniform => Math.Sqrt(6.0 / (3136 + 128)),
            WeightInit.HeNormal => 2 * Math.Sqrt(2.0 / 3136) / 0.87962566103423978,
            _ => 0.0,
        };
        Assert.True(denseWeight.abs().max().item<float>() <= limit + 1e-6);
        if (init == WeightInit.Zeros)
            return;
        Assert.True(denseWeight.abs().max().item<float>() > 0.9 * limit, "the draws should reach near the limit");
        // Keras's truncated normal keeps the untruncated standard deviation: sqrt(2 / fan_in) for he_normal.
        var expectedStd = init == WeightInit.HeNormal ? Math.Sqrt(2.0 / 3136) : limit / Math.Sqrt(3);
        Assert.Equal(expectedStd, denseWeight.std().item<float>(), expectedStd * 0.02);
    }

    [Fact]
    public void Keras_and_pytorch_conventions_set_batch_norm_eps_and_momentum()
    {
        using var keras = Build(StudyModels.BaselineA());
        using var torchStyle = Build(StudyModels.BaselineA(), conventions: Conventions.PyTorch);

        var kerasNorm = keras.Network.modules().OfType<BatchNorm2d>().First();
        var torchNorm = torchStyle.Network.modules().OfType<BatchNorm2d>().First();
        Assert.Equal((1e-3, 0.01), (kerasNorm.eps, kerasNorm.momentum!.Value));
        Assert.Equal((1e-5, 0.1), (torchNorm.eps, torchNorm.momentum!.Value));
    }
}
