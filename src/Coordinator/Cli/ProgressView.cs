using System.Diagnostics;
using Spectre.Console;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Progress of a running sweep as lines: each epoch and each finished trial once, and a status line
/// (done / running / queued, ETA) when anything changed. Lines, not a redrawn screen, so the output
/// reads the same in a terminal, a log file and CI.
/// </summary>
public sealed class ProgressView(IAnsiConsole console)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (TrialPhase Phase, int Epoch)> _seen = [];
    private int _finishedHere;

    public void Show(SweepState state)
    {
        var changed = false;
        foreach (var trial in state.Order.Select(id => state.Trials[id]))
        {
            var key = trial.Definition.TrialId;
            var now = (trial.Phase, trial.LastEpoch);
            if (_seen.TryGetValue(key, out var before) && before == now)
                continue;
            changed = true;
            var isNew = !_seen.ContainsKey(key);
            _seen[key] = now;
            if (trial.Phase == TrialPhase.Running && trial.LastEpoch > 0)
                console.MarkupLineInterpolated($"  {key} [grey]{trial.Definition.Label}[/] epoch {trial.LastEpoch}/{trial.Definition.Spec.Training.Epochs}");
            else if (trial.IsTerminal && !isNew)
            {
                _finishedHere++;
                console.MarkupLineInterpolated($"  {key} [bold]{Leaderboard.Describe(trial)}[/]");
            }
        }
        if (changed)
            console.MarkupLineInterpolated($"[blue]{state.Done}/{state.Trials.Count} done, {state.Running} running, {state.Queued} queued[/]{Eta(state)}");
    }

    /// <summary>The trials left at the rate trials have finished in this run (all slots together).</summary>
    private string Eta(SweepState state)
    {
        var left = state.Queued + state.Running;
        if (_finishedHere == 0 || left == 0)
            return "";
        var remaining = TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds * left / _finishedHere);
        return $", about {remaining:hh\\:mm\\:ss} left";
    }
}
