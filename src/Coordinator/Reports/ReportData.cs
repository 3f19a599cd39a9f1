using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Reports;

/// <summary>Everything a report shows about a sweep, as recorded at one moment (a running sweep's snapshot).</summary>
/// <param name="Source">The sweep file's text as submitted.</param>
/// <param name="Strategy">The search strategy the file names; null when it has no search or no longer parses.</param>
/// <param name="Metric">What trials are ranked and grouped by.</param>
/// <param name="Stages">A stages sweep's stage names, its stage metric, and the later stages started so far.</param>
/// <param name="Scales">Which varied parameters the search space draws log-uniformly or as choices (for binning and importance); null: unknown.</param>
public sealed record ReportData(
    SweepSummary Sweep,
    string Source,
    SearchStrategy? Strategy,
    IReadOnlyList<TrialRecord> Trials,
    IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> Epochs,
    string Metric,
    DateTimeOffset TakenAt,
    string CheckpointFolder,
    (IReadOnlyList<string> Names, string Metric, IReadOnlyList<StageRecord> Later)? Stages = null,
    ParameterScales? Scales = null)
{
    public double? Value(TrialRecord trial) => MetricRegistry.Get(Metric).Of(trial.ToResult());

    /// <summary>The best trial by the metric, if any trial has it.</summary>
    public TrialRecord? Best => Trials.Where(t => Value(t) is not null)
        .OrderBy(t => MetricRegistry.Get(Metric).SortKey(Value(t)!.Value)).ThenBy(t => t.Position).FirstOrDefault();

    public TrialRecord Trial(string trialId) => Trials.FirstOrDefault(t => t.TrialId == trialId)
        ?? throw new StoreException($"Trial '{trialId}' is not in sweep {Sweep.SweepId}; its trials are listed by ./sweep leaderboard {Sweep.SweepId}.");

    public TimeSpan WallTime => (Sweep.EndedAt ?? TakenAt) - Sweep.SubmittedAt;

    /// <summary>Training time summed over every recorded epoch of every trial (slots run in parallel, so it can exceed the wall time).</summary>
    public TimeSpan DeviceTime => TimeSpan.FromSeconds(Epochs.Values.Sum(h => h.Sum(e => e.Seconds)));

    public static async Task<ReportData> LoadAsync(SweepSettings settings, string sweepId, string? metric)
    {
        await using var queries = await StoreAccess.OpenAsync(settings);
        var sweep = StoreAccess.Sweep(queries, sweepId, settings);
        var submitted = await queries.Projection.SubmissionAsync(sweepId);
        var trials = queries.Reader.Trials(sweepId);
        var curves = queries.Reader.Epochs(sweepId);
        var epochs = trials.ToDictionary(t => t.TrialId, t => (IReadOnlyList<EpochMetrics>?)curves.GetValueOrDefault(t.TrialId) ?? []);
        // Without a test set the validation accuracy is the best thing to rank by.
        metric ??= trials.Any(t => t.Outcome?.TestAccuracy is not null) || trials.All(t => t.Outcome is null) ? MetricRegistry.TestAccuracy.Name : MetricRegistry.ValAccuracy.Name;
        var design = submitted?.Design;
        var stages = design?.Stages is { } plan
            ? (plan.Names, plan.Metric, queries.Reader.Stages(sweepId))
            : ((IReadOnlyList<string>, string, IReadOnlyList<StageRecord>)?)null;
        return new ReportData(sweep, submitted?.Source ?? "", design?.Strategy, trials, epochs, metric, DateTimeOffset.UtcNow,
            TrialFolders.Sweep(submitted?.Checkpoints, settings.Store.Checkpoints, sweepId), stages, ParameterScales.Of(submitted));
    }
}
