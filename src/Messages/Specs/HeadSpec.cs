namespace SweepCluster.Messages.Specs;

/// <summary>A hidden dense layer: units -> activation -> dropout.</summary>
public sealed record DenseSpec
{
    public int Units { get; init; } = 128;

    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    public double? Alpha { get; init; }

    public double Dropout { get; init; }
}

/// <summary>From feature maps to class logits: flatten or global average pooling, hidden dense layers, a logits layer.</summary>
public sealed record HeadSpec
{
    public HeadPooling Pooling { get; init; } = HeadPooling.Flatten;

    public IReadOnlyList<DenseSpec> Dense { get; init; } = [];
}
