using SweepCluster.Messages.Specs;
using SweepCluster.Search.Schedulers;

namespace SweepCluster.Search.SweepFiles;

/// <summary>A sweep file as written: the base trial and the search over it.</summary>
public sealed record SweepFileSpec
{
    public required string Name { get; init; }

    public long Seed { get; init; }

    public DatasetSpec Dataset { get; init; } = new();

    public ModelSpec Model { get; init; } = new();

    public TrainingSpec Training { get; init; } = new();

    public SearchSpec? Search { get; init; }

    /// <summary>What may stop (or, for PBT, restart) a trial after each epoch; none runs every trial to its end.</summary>
    public SchedulerSpec? Scheduler { get; init; }
}
