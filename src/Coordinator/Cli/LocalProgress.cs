using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Turns successive read-model snapshots of a sweep run here into progress events: each trial
/// started, each epoch (all of them, even those of a trial that started and was stopped between two
/// snapshots), each trial ended. Trials that ended before this process ran are shown, not reported.
/// </summary>
public sealed class LocalProgress(ReadModelReader reader, ProgressView view)
{
    private readonly Dictionary<string, (TrialLifecycle State, int Attempt, int Epoch)> _seen = [];

    public void Show(IReadOnlyList<TrialRecord> trials)
    {
        var board = view.Board;
        var news = new List<(TrialRecord Trial, (TrialLifecycle State, int Attempt, int Epoch) Before)>();
        foreach (var trial in trials)
        {
            var row = board.Trial(trial);
            if (_seen.TryGetValue(trial.TrialId, out var before))
                news.Add((trial, before));
            else if (trial.IsTerminal)
            {
                // First sight of a trial that ended before: shown as it is, not news.
                row.State = trial.State;
                _seen[trial.TrialId] = (trial.State, trial.Attempt, trial.LastEpoch);
            }
            else
                news.Add((trial, (TrialLifecycle.Queued, trial.Attempt, 0)));
        }
        // Trials that ended first, then the totals they changed, then the ones still training: the totals
        // line of plain output follows the trials that ended, not a running trial's epochs.
        foreach (var (trial, before) in news.Where(n => n.Trial.IsTerminal))
            Report(trial, before);
        view.Totals(trials.Count, trials.Count(t => t.IsTerminal), trials.Count(t => t.IsRunning), trials.Count(t => t.State == TrialLifecycle.Queued),
            trials.Count(t => t.State == TrialLifecycle.Failed));
        foreach (var (trial, before) in news.Where(n => !n.Trial.IsTerminal))
            Report(trial, before);
    }

    private void Report(TrialRecord trial, (TrialLifecycle State, int Attempt, int Epoch) before)
    {
        var row = view.Board.Trial(trial);
        var attempt = trial.Attempt != before.Attempt;
        if (trial.State != TrialLifecycle.Queued && (attempt || before.State == TrialLifecycle.Queued))
            view.Dispatched(row, trial.Attempt);
        var shown = attempt ? 0 : before.Epoch;
        if (trial.LastEpoch != shown || trial.State != before.State)
        {
            // A running trial's later epochs may be recorded by now: the snapshot's last epoch bounds what is shown.
            var last = trial.IsTerminal ? int.MaxValue : trial.LastEpoch;
            foreach (var epoch in reader.Epochs(trial.SweepId, trial.TrialId).Where(e => e.Epoch > shown && e.Epoch <= last))
            {
                view.Trained(row, epoch);
                shown = epoch.Epoch;
            }
        }
        if (trial.IsTerminal && trial.State != before.State)
            view.Ended(row, trial);
        else if (trial.State == TrialLifecycle.Queued)
            row.State = TrialLifecycle.Queued;
        _seen[trial.TrialId] = (trial.State, trial.Attempt, shown);
    }
}
