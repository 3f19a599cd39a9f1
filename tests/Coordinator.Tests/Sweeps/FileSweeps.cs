using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>Sweep states built from real sweep-file text (for schedulers and samplers, which read it), driven as the persistent actor drives them.</summary>
internal static class FileSweeps
{
    public const string SweepId = "s";

    public static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The events of submitting <paramref name="source"/> to a new sweep.</summary>
    public static IReadOnlyList<ISweepEvent> Submission(string source)
    {
        var plan = SweepExpander.Expand("sweep.yaml", source);
        return SweepState.New(SweepId).Decide(Definitions.Submission(SweepId, plan, "sweep.yaml", source), Now, 2);
    }

    public static SweepState Submitted(string source) => Submission(source).Aggregate(SweepState.New(SweepId), (s, e) => s.Apply(e));

    /// <summary>Decides and applies a command, returning its events.</summary>
    public static IReadOnlyList<ISweepEvent> Decide(ref SweepState state, ISweepCommand command)
    {
        var events = state.Decide(command, Now, 2);
        foreach (var e in events)
            state = state.Apply(e);
        return events;
    }
}
