using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Progress of a running sweep as lines: each epoch (with its metrics) and each finished trial once,
/// and a status line (done / running / queued, ETA) when anything changed. Lines, not a redrawn
/// screen, so the output reads the same in a terminal, a log file and CI; and the same whether the
/// sweep runs here (<see cref="Show"/>, from the read model) or on a cluster (<see cref="RemoteProgress"/>, from its events).
/// </summary>
public sealed class ProgressView(IAnsiConsole console)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (TrialLifecycle State, int Epoch)> _seen = [];
    private int _finishedHere;

    /// <summary>One line of a sweep's progress as a coordinator reports it.</summary>
    public static void Line(IAnsiConsole console, SweepProgress p) =>
        console.MarkupLineInterpolated($"[blue]{p.SweepId} {p.State}: {p.Done}/{p.Total} done, {p.Running} running, {p.Queued} queued, {p.Failed} failed[/]");

    public void Show(SweepSummary sweep, IReadOnlyList<TrialRecord> trials)
    {
        var changed = false;
        foreach (var trial in trials)
        {
            var now = (trial.State, trial.LastEpoch);
            if (_seen.TryGetValue(trial.TrialId, out var before) && before == now)
                continue;
            changed = true;
            var isNew = !_seen.ContainsKey(trial.TrialId);
            _seen[trial.TrialId] = now;
            if (trial.IsRunning && trial.Latest is { } latest)
                Trained(trial.TrialId, trial.Label, latest, trial.Spec.Training.Epochs);
            else if (trial.IsTerminal && !isNew)
                Ended(trial);
        }
        if (changed)
            Totals(sweep.Done, sweep.Total, sweep.Running, sweep.Queued);
    }

    public void Trained(string trialId, string label, EpochMetrics latest, int epochs) =>
        console.MarkupLineInterpolated($"  {trialId} [grey]{label}[/] {Epoch(latest, epochs)}");

    public void Ended(TrialRecord trial)
    {
        _finishedHere++;
        console.MarkupLineInterpolated($"  {trial.TrialId} [bold]{Leaderboard.Describe(trial)}[/]");
    }

    public void Totals(int done, int total, int running, int queued) =>
        console.MarkupLineInterpolated($"[blue]{done}/{total} done, {running} running, {queued} queued[/]{Eta(queued + running)}");

    /// <summary>A running trial's latest epoch and its metrics.</summary>
    public static string Epoch(EpochMetrics? latest, int epochs) => latest is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"epoch {m.Epoch}/{epochs}: train loss {m.TrainLoss:F4}, val loss {m.ValLoss:F4}, val acc {Leaderboard.Percent(m.ValAccuracy)}")
        : $"epoch 0/{epochs}";

    /// <summary>The trials left at the rate trials have finished in this run (all slots together).</summary>
    private string Eta(int left)
    {
        if (_finishedHere == 0 || left == 0)
            return "";
        var remaining = TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds * left / _finishedHere);
        return $", about {remaining:hh\\:mm\\:ss} left";
    }
}
