namespace SweepCluster.Messages.Shapes;

/// <summary>A feature map (channels x height x width) or, with Height = Width = 1 and IsVector, a vector.</summary>
public readonly record struct FeatureShape(int Channels, int Height, int Width, bool IsVector = false)
{
    public static FeatureShape Vector(int units) => new(units, 1, 1, IsVector: true);

    public long Elements => (long)Channels * Height * Width;

    public override string ToString() => IsVector ? Channels.ToString() : $"{Channels}x{Height}x{Width}";
}
