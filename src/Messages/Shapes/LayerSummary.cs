namespace SweepCluster.Messages.Shapes;

/// <summary>One layer of a model summary, counted as Keras counts (BatchNorm statistics are non-trainable).</summary>
/// <param name="Path">Where the layer comes from in the spec, e.g. <c>model.blocks[1]</c>.</param>
public sealed record LayerSummary(string Path, string Layer, FeatureShape Output, long Trainable, long NonTrainable);
