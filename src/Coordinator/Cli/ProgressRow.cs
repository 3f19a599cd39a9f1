using SweepCluster.Coordinator.Analysis;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>One trial as a sweep's progress shows it: its values, its latest epoch, its measured epoch times, its state.</summary>
public sealed class ProgressRow(string trialId, string label, IReadOnlyDictionary<string, string> overrides, int epochs)
{
    // By epoch number: an attempt resumed from a checkpoint reports its epochs again and must not count them twice.
    private readonly Dictionary<int, double> _seconds = [];

    public string TrialId { get; } = trialId;

    public string Label { get; } = label;

    /// <summary>The values of its varied parameters, each as JSON text.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; } = overrides;

    public int Epochs { get; } = epochs;

    public TrialLifecycle State { get; set; } = TrialLifecycle.Queued;

    public EpochMetrics? Latest { get; private set; }

    /// <summary>Why it ended: the scheduler's reason, the error, or the final metrics.</summary>
    public string? Note { get; set; }

    /// <summary>When it ended, in the order trials ended; 0 while it has not.</summary>
    public long EndedOrder { get; set; }

    public int MeasuredEpochs => _seconds.Count;

    public double MeasuredSeconds => _seconds.Values.Sum();

    public int EpochsLeft => State.IsTerminal() ? 0 : Math.Max(0, Epochs - (Latest?.Epoch ?? 0));

    public void Trained(EpochMetrics epoch)
    {
        Latest = epoch;
        _seconds[epoch.Epoch] = epoch.Seconds;
    }

    /// <summary>Its own time left, at its own measured pace (or the sweep's, before it measured any).</summary>
    public TimeSpan? Eta(double? sweepSecondsPerEpoch) =>
        EtaEstimate.Remaining(EpochsLeft, MeasuredEpochs > 0 ? MeasuredSeconds / MeasuredEpochs : sweepSecondsPerEpoch, 1);
}
