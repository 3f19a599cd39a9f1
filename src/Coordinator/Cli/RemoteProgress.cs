using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Follows a sweep on a cluster through its event stream and shows it as <see cref="ProgressView"/>
/// shows a sweep run here: a line per epoch and per finished trial, and the totals at most once a second.
/// </summary>
public sealed class RemoteProgress(CoordinatorClient client, ProgressView view)
{
    private static readonly TimeSpan TotalsEvery = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, (string Label, int Epochs)> _trials = [];
    private readonly Stopwatch _sinceTotals = Stopwatch.StartNew();

    /// <returns>The sweep once its stream ended (completed or cancelled), or as it stands when <paramref name="stop"/> came first.</returns>
    public async Task<SweepDocument> FollowAsync(string sweepId, CancellationToken stop)
    {
        try
        {
            await foreach (var e in client.EventsAsync(sweepId, after: 0, stop))
            {
                await Show(e);
                if (_sinceTotals.Elapsed >= TotalsEvery)
                    await Totals(sweepId);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return await Totals(sweepId);
    }

    private async Task Show(SweepEventDocument e)
    {
        var trialId = (string?)e.Data["trial_id"];
        switch (e.Type)
        {
            case "epoch-recorded":
                var (label, epochs) = await Trial(trialId!);
                view.Trained(trialId!, label, e.Data["metrics"].Deserialize<EpochMetrics>(SpecJson.Options)!, epochs);
                break;
            case "trial-finished" or "trial-stopped":
            case "trial-failed" when e.Data["will_retry"]?.GetValue<bool>() == false:
                view.Ended((await client.TrialAsync(trialId!)).ToRecord());
                break;
        }
    }

    private async Task<(string Label, int Epochs)> Trial(string trialId)
    {
        if (!_trials.TryGetValue(trialId, out var known))
        {
            var trial = await client.TrialAsync(trialId);
            _trials[trialId] = known = (trial.Label, trial.Spec.Training.Epochs);
        }
        return known;
    }

    private async Task<SweepDocument> Totals(string sweepId)
    {
        var sweep = (await client.StatusAsync(sweepId)).Sweep;
        view.Totals(sweep.TrialsCompleted, sweep.TrialsTotal, sweep.TrialsRunning, sweep.TrialsQueued);
        _sinceTotals.Restart();
        return sweep;
    }
}
