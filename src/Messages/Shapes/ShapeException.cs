namespace SweepCluster.Messages.Shapes;

/// <summary>A spec gives an impossible shape; the message names the dotted path and the sizes.</summary>
public sealed class ShapeException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;
}
