namespace SweepCluster.Search.SweepFiles;

/// <summary>A sweep file was refused; <see cref="Errors"/> lists every problem found, not only the first.</summary>
public sealed class SweepFileException(IReadOnlyList<SweepError> errors)
    : Exception($"{errors.Count} error(s) in the sweep file:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
{
    public IReadOnlyList<SweepError> Errors { get; } = errors;
}
