using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Follows a sweep on a cluster through its event stream and feeds <see cref="ProgressView"/> as a
/// sweep run here does: each trial started, each epoch, each trial ended, and the totals at most once a second.
/// </summary>
public sealed class RemoteProgress(CoordinatorClient client, ProgressView view)
{
    private static readonly TimeSpan TotalsEvery = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _sinceTotals = Stopwatch.StartNew();

    /// <returns>The sweep once its stream ended (completed or cancelled), or as it stands when <paramref name="stop"/> came first.</returns>
    public async Task<SweepDocument> FollowAsync(string sweepId, CancellationToken stop)
    {
        try
        {
            await foreach (var e in client.EventsAsync(sweepId, after: 0, stop))
            {
                // After a trial ended at once, so the totals line of plain output follows it rather than a later epoch.
                if (await Show(e) || _sinceTotals.Elapsed >= TotalsEvery)
                    await Totals(sweepId);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return await Totals(sweepId);
    }

    /// <returns>Whether a trial ended.</returns>
    private async Task<bool> Show(SweepEventDocument e)
    {
        var trialId = (string?)e.Data["trial_id"];
        switch (e.Type)
        {
            case "trial-dispatched":
                view.Dispatched(await Row(trialId!), e.Data["attempt"]?.GetValue<int>() ?? 1);
                return false;
            case "epoch-recorded":
                view.Trained(await Row(trialId!), e.Data["metrics"].Deserialize<EpochMetrics>(SpecJson.Options)!);
                return false;
            case "trial-finished" or "trial-stopped":
            case "trial-failed" when e.Data["will_retry"]?.GetValue<bool>() == false:
                view.Ended(await Row(trialId!), (await client.TrialAsync(trialId!)).ToRecord());
                return true;
            default:
                return false;
        }
    }

    private async Task<ProgressRow> Row(string trialId)
    {
        if (view.Board.Rows.FirstOrDefault(r => r.TrialId == trialId) is { } known)
            return known;
        var trial = await client.TrialAsync(trialId);
        return view.Board.Trial(trial.ToRecord());
    }

    private async Task<SweepDocument> Totals(string sweepId)
    {
        var sweep = (await client.StatusAsync(sweepId)).Sweep;
        view.Totals(sweep.TrialsTotal, sweep.TrialsCompleted, sweep.TrialsRunning, sweep.TrialsQueued, sweep.TrialsFailed);
        _sinceTotals.Restart();
        return sweep;
    }
}
