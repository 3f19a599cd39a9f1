using System.Text.Json.Serialization;

namespace SweepCluster.Messages.Specs;

/// <summary>Pooling after a block; the stride defaults to the size, as in Keras.</summary>
public sealed record PoolSpec(PoolKind Kind = PoolKind.Max, int Size = 2, int? Stride = null)
{
    [JsonIgnore]
    public int EffectiveStride => Stride ?? Size;
}
