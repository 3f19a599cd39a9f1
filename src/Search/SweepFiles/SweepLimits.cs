namespace SweepCluster.Search.SweepFiles;

/// <summary>What a sweep file may ask for before it is expanded; set by the SweepFiles settings section.</summary>
/// <param name="MaxTrials">Trials a file may plan in all (every stage, repeats included); counted before any is built.</param>
public sealed record SweepLimits(int MaxTrials)
{
    public const int DefaultMaxTrials = 100_000;

    public static SweepLimits Default { get; } = new(DefaultMaxTrials);

    /// <summary>For re-reading a sweep already admitted under whatever limit its submitter had.</summary>
    public static SweepLimits Admitted { get; } = new(int.MaxValue);
}
