using System.Globalization;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>A sweep's progress as lines, one per event, for pipes, CI and log files: nothing is reprinted.</summary>
public static class PlainProgress
{
    public static string Dispatched(ProgressRow row, int attempt) =>
        $"  {row.TrialId} {row.Label}: started{(attempt > 1 ? $" (attempt {attempt.ToString(CultureInfo.InvariantCulture)})" : "")}";

    public static string Epoch(ProgressRow row, EpochMetrics m) => $"  {row.TrialId} {row.Label}: {Epoch(m, row.Epochs)}";

    /// <summary>"epoch 2/4: train loss 0.4123, val loss 0.4567, val acc 84.50%"; "epoch 0/4" before the first.</summary>
    public static string Epoch(EpochMetrics? latest, int epochs) => latest is { } m
        ? string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch}/{epochs}: train loss {Numbers.Significant(m.TrainLoss)}, val loss {Numbers.Significant(m.ValLoss)}, val acc {Numbers.Percent(m.ValAccuracy)}")
        : string.Create(CultureInfo.InvariantCulture, $"epoch 0/{epochs}");

    public static string Ended(ProgressRow row) => $"  {row.TrialId} {row.Label}: {row.State.Text()}{(row.Note is { } note ? ": " + note : "")}";

    /// <summary>Why a trial ended: the scheduler's reason or the error, and its final metrics.</summary>
    public static string? Note(TrialRecord trial)
    {
        if (trial.State == TrialLifecycle.Failed)
            return trial.Error;
        var result = trial.ToResult();
        var metrics = $"val {Numbers.Percent(result.ValAccuracy)}" + (result.TestAccuracy is { } test ? $", test {Numbers.Percent(test)}" : "");
        return result.Note is { } reason ? $"{reason} ({metrics})" : metrics;
    }

    public static string Totals(ProgressBoard board) => "[" + ProgressTable.Header(board) + "]";
}
