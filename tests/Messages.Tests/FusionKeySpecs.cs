using SweepCluster.Messages.Fusion;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Tests;

public sealed class FusionKeySpecs
{
    private static readonly TrialSpec Base = new(
        new DatasetSpec { Subset = 1000 },
        new ModelSpec
        {
            Blocks = [new ConvBlockSpec { Filters = 16, Dropout = 0.1, Pool = new PoolSpec() }],
            Head = new HeadSpec { Dense = [new DenseSpec { Units = 32, Dropout = 0.2 }] },
        },
        new TrainingSpec { BatchSize = 32, Epochs = 3 },
        Seed: 1);

    public static TheoryData<string, TrialSpec> FusableChanges() => new()
    {
        { "learning rate", Base with { Training = Base.Training with { Optimizer = new OptimizerSpec { LearningRate = 0.01 } } } },
        { "weight decay", Base with { Training = Base.Training with { Optimizer = new OptimizerSpec { WeightDecay = 1e-4 } } } },
        { "optimizer", Base with { Training = Base.Training with { Optimizer = new OptimizerSpec { Kind = OptimizerKind.Sgd, Momentum = 0.9 } } } },
        { "block dropout", Base with { Model = Base.Model with { Blocks = [((ConvBlockSpec)Base.Model.Blocks[0]) with { Dropout = 0 }] } } },
        { "dense dropout", Base with { Model = Base.Model with { Head = new HeadSpec { Dense = [new DenseSpec { Units = 32, Dropout = 0.5 }] } } } },
        { "weight init", Base with { Model = Base.Model with { Init = WeightInit.HeNormal } } },
        { "seed", Base with { Seed = 9 } },
        { "validation split", Base with { Dataset = Base.Dataset with { Validation = 0.2 } } },
        { "epochs and early stopping", Base with { Training = Base.Training with { Epochs = 9, EarlyStopping = new EarlyStoppingSpec() } } },
        { "augmentation", Base with { Training = Base.Training with { Augmentation = new AugmentationSpec { HorizontalFlip = true } } } },
    };

    [Theory]
    [MemberData(nameof(FusableChanges))]
    public void Trials_differing_only_in_what_each_member_keeps_share_a_key(string change, TrialSpec other)
    {
        Assert.NotNull(FusionKey.Of(Base));
        Assert.True(FusionKey.Of(Base) == FusionKey.Of(other), change);
    }

    public static TheoryData<string, TrialSpec> SeparatingChanges() => new()
    {
        { "filters", Base with { Model = Base.Model with { Blocks = [((ConvBlockSpec)Base.Model.Blocks[0]) with { Filters = 32 }] } } },
        { "activation", Base with { Model = Base.Model with { Blocks = [((ConvBlockSpec)Base.Model.Blocks[0]) with { Activation = ActivationKind.Elu }] } } },
        { "dense units", Base with { Model = Base.Model with { Head = new HeadSpec { Dense = [new DenseSpec { Units = 64, Dropout = 0.2 }] } } } },
        { "batch size", Base with { Training = Base.Training with { BatchSize = 64 } } },
        { "conventions", Base with { Training = Base.Training with { Conventions = Conventions.Keras } } },
        { "data set", Base with { Dataset = Base.Dataset with { Name = "cifar10" } } },
    };

    [Theory]
    [MemberData(nameof(SeparatingChanges))]
    public void Trials_differing_in_architecture_batch_size_or_data_set_do_not(string change, TrialSpec other) =>
        Assert.True(FusionKey.Of(Base) != FusionKey.Of(other), change);

    [Fact]
    public void Residual_and_inception_blocks_and_k_fold_trials_train_alone()
    {
        Assert.Null(FusionKey.Of(Base with { Model = Base.Model with { Blocks = [new ResidualBlockSpec()] } }));
        Assert.Null(FusionKey.Of(Base with { Model = Base.Model with { Blocks = [new InceptionBlockSpec()] } }));
        Assert.Null(FusionKey.Of(Base with { Dataset = Base.Dataset with { Folds = 5 } }));
    }
}
