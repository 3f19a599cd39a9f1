namespace SweepCluster.Search.SweepFiles;

/// <summary>One problem in a sweep file: where it is, which setting, and what would be valid.</summary>
public sealed record SweepError(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Path}: {Message}";
}
