using System.Text.Json.Serialization;

namespace SweepCluster.Messages.Specs;

/// <summary>Which framework's defaults fill every value a spec leaves unset.</summary>
public enum Conventions
{
    Keras,

    [JsonStringEnumMemberName("pytorch")]
    PyTorch,
}

public enum ActivationKind
{
    Relu,
    LeakyRelu,
    Elu,
    Gelu,
    Sigmoid,
    Tanh,
    Linear,
}

/// <summary>Where a block's BatchNorm sits: before or after the activation, or after the pooling.</summary>
public enum BatchNormPlacement
{
    None,
    Before,
    After,
    AfterPool,
}

public enum PaddingMode
{
    Same,
    Valid,
    Explicit,
}

public enum PoolKind
{
    Max,
    Average,
    Min,
    Soft,
}

public enum HeadPooling
{
    Flatten,
    GlobalAverage,
}

public enum WeightInit
{
    /// <summary>TorchSharp's own layer defaults (kaiming_uniform with a = sqrt 5, uniform bias).</summary>
    Default,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    Zeros,
}

public enum OptimizerKind
{
    Adam,

    [JsonStringEnumMemberName("adamw")]
    AdamW,

    [JsonStringEnumMemberName("nadam")]
    NAdam,
    Adamax,
    Sgd,

    [JsonStringEnumMemberName("rmsprop")]
    RmsProp,
    Adagrad,
    Adadelta,
}

public enum ScheduleKind
{
    Constant,
    Step,
    Exponential,
    Cosine,
    ReduceOnPlateau,
}

public enum MonitoredMetric
{
    ValLoss,
    ValAccuracy,
}
