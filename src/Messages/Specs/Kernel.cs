using System.Text.Json.Serialization;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Messages.Specs;

/// <summary>A convolution kernel, square or height x width.</summary>
[JsonConverter(typeof(KernelJsonConverter))]
public readonly record struct Kernel(int Height, int Width)
{
    public static Kernel Square(int size) => new(size, size);

    public override string ToString() => Height == Width ? Height.ToString() : $"{Height}x{Width}";
}
