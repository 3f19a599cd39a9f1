using Spectre.Console;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>The views read from the store on this machine (caught up with its journal), in the documents a coordinator's API serves.</summary>
public sealed class StoreSource : ISweepSource
{
    private readonly StoreSession _session;
    private readonly SweepSettings _settings;
    private readonly IAnsiConsole? _warnings;
    private readonly SweepViews _views;

    private StoreSource(StoreSession session, SweepSettings settings, IAnsiConsole? warnings)
    {
        _session = session;
        _settings = settings;
        _warnings = warnings;
        _views = new SweepViews(session.Reader, session.Projection, Path.GetFullPath(settings.Store.Checkpoints));
    }

    /// <param name="warnings">Where to say which sweeps the store cannot read all of (not with --json).</param>
    public static async Task<StoreSource> OpenAsync(SweepSettings settings, IAnsiConsole? warnings) =>
        new(await StoreAccess.OpenAsync(settings), settings, warnings);

    public Task<IReadOnlyList<SweepDocument>> SweepsAsync()
    {
        var readable = StoreAccess.ReadableSweeps(_session, _warnings).Select(s => s.SweepId).ToHashSet();
        return Task.FromResult(_views.Sweeps(readable.Contains));
    }

    public Task<SweepStatus> StatusAsync(string sweepId)
    {
        Known(sweepId);
        return Task.FromResult(_views.Status(sweepId)!);
    }

    public Task<LeaderboardDocument> LeaderboardAsync(string sweepId, string metric, int? top, string? state)
    {
        Known(sweepId);
        return Task.FromResult(_views.Leaderboard(sweepId, metric, top, state is null ? null : TrialLifecycles.Parse(state))!);
    }

    public async Task<GroupTable> GroupsAsync(string sweepId, string by, string metric)
    {
        Known(sweepId);
        return (await _views.GroupsAsync(sweepId, by, metric))!;
    }

    public async Task<TrialDocument> TrialAsync(string trialId)
    {
        var trial = await _views.TrialAsync(trialId, async sweepId => (await _views.TimelineAsync(sweepId, after: 0)).Entries)
            ?? throw new StoreException($"No trial '{trialId}' in {Persistence.StoreName.Of(_settings.Store.Database)}; see ./sweep leaderboard SWEEP for trial ids.");
        Known(trial.SweepId);
        return trial;
    }

    /// <exception cref="StoreException">The store lacks the sweep, or cannot read all of it.</exception>
    private void Known(string sweepId) => StoreAccess.Sweep(_session, sweepId, _settings);

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
