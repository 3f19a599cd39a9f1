using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Configuration;

/// <summary>What a sweep file may ask for, checked by expand, run, submit and the coordinator before expanding it.</summary>
public sealed class SweepFileSettings
{
    /// <summary>Trials one file may plan in all (every stage, repeats included).</summary>
    public int MaxTrials { get; set; } = SweepLimits.DefaultMaxTrials;

    public SweepLimits Limits() => new(MaxTrials);
}
