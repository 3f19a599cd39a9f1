using System.Text.Json.Serialization;

namespace SweepCluster.Messages.Specs;

/// <summary>One stage of the feature extractor; each may end with pooling and dropout.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ConvBlockSpec), "conv")]
[JsonDerivedType(typeof(ResidualBlockSpec), "residual")]
[JsonDerivedType(typeof(InceptionBlockSpec), "inception")]
public abstract record BlockSpec
{
    public PoolSpec? Pool { get; init; }

    /// <summary>Dropout rate after the block (after pooling); 0 means none.</summary>
    public double Dropout { get; init; }
}

/// <summary>conv -> [BN before] -> activation -> [BN after] -> pool -> [BN after pool] -> dropout.</summary>
public sealed record ConvBlockSpec : BlockSpec
{
    public int Filters { get; init; } = 32;

    public Kernel Kernel { get; init; } = Kernel.Square(3);

    public int Stride { get; init; } = 1;

    public Padding Padding { get; init; } = Padding.Same;

    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    /// <summary>Negative slope of leaky_relu, or alpha of elu; null takes the convention's default.</summary>
    public double? Alpha { get; init; }

    public BatchNormPlacement BatchNorm { get; init; } = BatchNormPlacement.None;
}

/// <summary>
/// A basic residual block: conv(k, stride) -> [BN] -> act -> conv(k) -> [BN], plus the input
/// (through a 1x1 projection when the channels or the stride change), then act.
/// </summary>
public sealed record ResidualBlockSpec : BlockSpec
{
    public int Filters { get; init; } = 64;

    public Kernel Kernel { get; init; } = Kernel.Square(3);

    public int Stride { get; init; } = 1;

    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    public double? Alpha { get; init; }

    public bool BatchNorm { get; init; } = true;
}

/// <summary>
/// A GoogLeNet-style inception block: 1x1 | 1x1 -> 3x3 | 1x1 -> 5x5 | 3x3 max-pool -> 1x1,
/// each convolution followed by the activation, outputs concatenated along channels.
/// </summary>
public sealed record InceptionBlockSpec : BlockSpec
{
    public int Branch1x1 { get; init; } = 64;

    public int Reduce3x3 { get; init; } = 96;

    public int Branch3x3 { get; init; } = 128;

    public int Reduce5x5 { get; init; } = 16;

    public int Branch5x5 { get; init; } = 32;

    public int PoolProjection { get; init; } = 32;

    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    public double? Alpha { get; init; }

    public bool BatchNorm { get; init; }

    [JsonIgnore]
    public int OutputChannels => Branch1x1 + Branch3x3 + Branch5x5 + PoolProjection;
}
