using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Coordinator.Api;

/// <summary>Where the CLI's views come from: the store read here, or a coordinator's API. The documents are the same.</summary>
public interface ISweepSource : IAsyncDisposable
{
    Task<IReadOnlyList<SweepDocument>> SweepsAsync();

    Task<SweepStatus> StatusAsync(string sweepId);

    Task<LeaderboardDocument> LeaderboardAsync(string sweepId, string metric, int? top, string? state);

    Task<GroupTable> GroupsAsync(string sweepId, string by, string metric);

    Task<TrialDocument> TrialAsync(string trialId);
}
