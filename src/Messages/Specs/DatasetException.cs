using SweepCluster.Messages.Specs;
namespace SweepCluster.Messages.Specs;

/// <summary>A dataset file or folder is missing or malformed; the message names it and what was expected.</summary>
/// <param name="field">The dataset section's key the problem is about (path, classes, size, ...), when one is; sweep file errors point there.</param>
public sealed class DatasetException(string message, Exception? inner = null, string? field = null) : Exception(message, inner)
{
    public string? Field { get; } = field;
}
