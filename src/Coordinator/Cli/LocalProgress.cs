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
        foreach (var trial in trials)
        {
            var row = board.Trial(trial);
            if (!_seen.TryGetValue(trial.TrialId, out var before))
            {
                // First sight: what already happened is the starting point, not news.
                before = (trial.IsRunning ? TrialLifecycle.Queued : trial.State, trial.Attempt, 0);
                if (trial.IsTerminal)
                {
                    row.State = trial.State;
                    _seen[trial.TrialId] = (trial.State, trial.Attempt, trial.LastEpoch);
                    continue;
                }
            }
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
        // Counted from the same snapshot as the trials, so the totals agree with the lines just printed.
        view.Totals(trials.Count, trials.Count(t => t.IsTerminal), trials.Count(t => t.IsRunning), trials.Count(t => t.State == TrialLifecycle.Queued),
            trials.Count(t => t.State == TrialLifecycle.Failed));
    }
}
