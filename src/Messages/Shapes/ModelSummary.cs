namespace SweepCluster.Messages.Shapes;

/// <summary>Per-layer output shapes and parameter counts of a model spec on a given input.</summary>
public sealed record ModelSummary(FeatureShape Input, IReadOnlyList<LayerSummary> Layers)
{
    public long Trainable => Layers.Sum(l => l.Trainable);

    public long NonTrainable => Layers.Sum(l => l.NonTrainable);

    public long Total => Trainable + NonTrainable;

    public FeatureShape Output => Layers.Count == 0 ? Input : Layers[^1].Output;
}
