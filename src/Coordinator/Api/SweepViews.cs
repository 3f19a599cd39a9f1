using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// The API's documents computed from a caught-up read model: the coordinator serves them and the
/// CLI prints them when it reads the store itself, so both say the same.
/// </summary>
/// <param name="checkpoints">The checkpoint root of sweeps recorded before each sweep kept its own.</param>
/// <param name="cache">Keeps a sweep's trials between requests while its read model does not change (the coordinator's); none: read each time.</param>
public sealed class SweepViews(ReadModelReader reader, JournalProjection projection, string checkpoints, TrialCache? cache = null)
{
    public IReadOnlyList<SweepDocument> Sweeps(Func<string, bool>? readable = null) =>
        [.. reader.Sweeps().Where(s => readable?.Invoke(s.SweepId) ?? true).Select(SweepDocument.From)];

    /// <summary>The dataset of every trial of the sweep, as recorded (with its fingerprint).</summary>
    public IReadOnlyList<DatasetSpec> RecordedData(string sweepId) => [.. reader.Trials(sweepId).Select(t => t.Spec.Dataset)];

    public SweepDocument? Sweep(string sweepId) => reader.Sweep(sweepId) is { } s ? SweepDocument.From(s) : null;

    /// <summary>
    /// Progress, running trials and, while the sweep runs, the time left at the measured pace: the epochs
    /// its unfinished trials have still to train, times the mean seconds an epoch took, over the trials training at once.
    /// </summary>
    public SweepStatus? Status(string sweepId)
    {
        if (reader.Sweep(sweepId) is not { } summary)
            return null;
        var running = reader.Trials(sweepId, TrialLifecycle.Running).Select(RunningTrial.From).ToList();
        double? eta = null;
        if (summary.IsRunning)
        {
            var left = Trials(sweepId).Where(t => !t.IsTerminal).Sum(t => Math.Max(0, t.Spec.Training.Epochs - t.LastEpoch));
            eta = EtaEstimate.Remaining(left, reader.MeanEpochSeconds(sweepId), running.Count)?.TotalSeconds;
        }
        return new SweepStatus(SweepDocument.From(summary), running, eta);
    }

    /// <summary>The sweep's trials ranked by <paramref name="metric"/>, each row with the value of every varied parameter.</summary>
    /// <param name="state">Only trials in this state; all when null.</param>
    public LeaderboardDocument? Leaderboard(string sweepId, string metric, int? top, TrialLifecycle? state)
    {
        if (reader.Sweep(sweepId) is not { } summary)
            return null;
        var trials = Trials(sweepId);
        var byId = trials.ToDictionary(t => t.TrialId);
        var varied = trials.SelectMany(t => t.Overrides.Keys).Distinct().ToList();
        IReadOnlyList<LeaderboardRow> rows = Ranking.Leaderboard.Rows(trials.Where(t => state is null || t.State == state).Select(t => t.ToResult()), metric);
        if (top is { } n)
            rows = [.. rows.Take(n)];
        var times = reader.Times(sweepId).ToDictionary(t => t.TrialId);
        // Parameters only for the rows served: reading them means serializing the trial's spec.
        return new LeaderboardDocument(SweepDocument.From(summary), metric, varied, [.. rows.Select(r => r with
        {
            Parameters = Parameters(byId[r.TrialId], varied),
            TrainingSeconds = times.GetValueOrDefault(r.TrialId)?.TrainingSeconds,
            WallSeconds = times.GetValueOrDefault(r.TrialId)?.WallSeconds,
        })], Ranking.Leaderboard.Rule(metric, rows));
    }

    /// <summary>The sweep's results grouped by one varied factor (a dotted path or "variants"); a continuous one binned, in log space where its search space drew it so.</summary>
    /// <exception cref="StoreException">The sweep did not vary <paramref name="factor"/> on its own (the message lists what it did vary).</exception>
    public async Task<GroupTable?> GroupsAsync(string sweepId, string factor, string metric)
    {
        if (reader.Sweep(sweepId) is null)
            return null;
        var trials = Trials(sweepId);
        var baseSpec = trials.FirstOrDefault(t => t.Label == ResultGroups.BaseLabel && t.Overrides.Count == 0)?.Spec;
        var scales = ParameterScales.Of(await projection.SubmissionAsync(sweepId));
        var tables = ResultGroups.Of([.. trials.Select(t => t.ToResult())], metric, baseSpec, scales);
        var wanted = SpecPath.Normalize(factor);
        return tables.FirstOrDefault(t => t.Factor == wanted)
            ?? throw new StoreException(tables.Count == 0
                ? $"This sweep varied no factor to group by ('{factor}' asked for)."
                : $"The sweep did not vary '{factor}' on its own; group by one of: {string.Join(", ", tables.Select(t => t.Factor))}.");
    }

    /// <param name="timeline">The timeline of a sweep, by id: where the trial's attempts are read.</param>
    public async Task<TrialDocument?> TrialAsync(string trialId, Func<string, Task<IReadOnlyList<TimelineEntry>>> timeline)
    {
        if (reader.Trial(trialId) is not { } t)
            return null;
        var offset = reader.Offset(t.SweepId);
        var submitted = await projection.SubmissionAsync(t.SweepId);
        var folder = TrialFolders.Latest(TrialFolders.Sweep(submitted?.Checkpoints, checkpoints, t.SweepId), trialId);
        return new TrialDocument(t.TrialId, t.SweepId, t.Label, t.State.Text(), t.Attempt, t.Retries, t.Node, t.Error,
            t.TrainableParameters, t.NonTrainableParameters, folder,
            new JsonObject(t.Overrides.Select(o => KeyValuePair.Create(o.Key, JsonNode.Parse(o.Value)))),
            t.Spec, reader.Epochs(t.SweepId, trialId), t.Outcome, reader.FusedAttempts(t.SweepId, trialId),
            Datasets.ClassNames(t.Spec.Dataset), SweepTimeline.Attempts(await timeline(t.SweepId), trialId), offset);
    }

    /// <summary>How the search converged by <paramref name="metric"/>, and how much each varied parameter mattered to it.</summary>
    public async Task<AnalysisDocument?> AnalysisAsync(string sweepId, string metric)
    {
        if (reader.Sweep(sweepId) is null)
            return null;
        var trials = Trials(sweepId);
        var scales = ParameterScales.Of(await projection.SubmissionAsync(sweepId));
        var by = MetricRegistry.Get(metric);
        var varied = trials.SelectMany(t => t.Overrides.Keys).Distinct().ToList();
        var parameters = varied.Select(path => new AnalysisParameter(path,
            scales.Of(path, trials.Where(t => t.Overrides.ContainsKey(path)).Select(t => JsonNode.Parse(t.Overrides[path]))).ToString().ToLowerInvariant())).ToList();
        var importance = ParameterImportance.Of(trials.Select(t => t.ToResult()), metric, scales);
        var stopped = by.PerEpoch ? "a trial a scheduler stopped counts with its last epoch's value" : "trials a scheduler stopped have none";
        return new AnalysisDocument(sweepId, metric, by.HigherIsBetter,
            $"Trials that ended with {metric} count ({stopped}); failed and running trials, and those without it, are left out.",
            parameters, BestSoFar.Of(trials, metric),
            new ImportanceDocument(
                $"PED-ANOVA (Watanabe et al., 2023): how differently each parameter is spread among the top {importance.Quantile:P0} of trials than among all, computed on the coordinator",
                importance.Reason, importance.Trials, importance.TopTrials,
                [.. importance.Ranked.Select(s => new ImportanceEntry(s.Parameter, s.Normalised, s.Raw))]));
    }

    /// <summary>Every trial's learning curve, in plan order.</summary>
    public CurvesDocument? Curves(string sweepId)
    {
        if (reader.Sweep(sweepId) is null)
            return null;
        var offset = reader.Offset(sweepId);
        var epochs = reader.Epochs(sweepId);
        return new CurvesDocument(sweepId, offset, [.. Trials(sweepId).Select(t =>
            new TrialCurve(t.TrialId, t.Label, t.State.Text(), t.Spec.Training.Epochs, epochs.TryGetValue(t.TrialId, out var history) ? history : []))]);
    }

    /// <summary>The nodes training trials of any sweep now, and those the broker reports, by name.</summary>
    public IReadOnlyList<NodeDocument> Nodes(IReadOnlyList<NodeReport> reports) => NodeDocuments.Of(reader.RunningTrials(), reader.RunningGroups(), reports);

    /// <summary>The sweep's timeline entries after <paramref name="after"/>, and the last sequence number read.</summary>
    public async Task<(IReadOnlyList<TimelineEntry> Entries, long Last)> TimelineAsync(string sweepId, long after)
    {
        var entries = new List<TimelineEntry>();
        var last = after;
        await foreach (var (sequenceNr, e) in projection.EventsAsync(sweepId, after + 1, live: false, CancellationToken.None))
        {
            last = sequenceNr;
            if (SweepTimeline.Of(sequenceNr, e) is { } entry)
                entries.Add(entry);
        }
        return (entries, last);
    }

    private IReadOnlyList<TrialRecord> Trials(string sweepId) =>
        cache is null ? reader.Trials(sweepId) : cache.Get(sweepId, reader.Offset(sweepId), () => reader.Trials(sweepId));

    /// <summary>The trial's value of each varied parameter: its override, else what its spec holds there.</summary>
    private static JsonObject Parameters(TrialRecord trial, IReadOnlyList<string> varied)
    {
        JsonNode? spec = null;
        var values = new JsonObject();
        foreach (var path in varied)
        {
            if (trial.Overrides.TryGetValue(path, out var text))
            {
                values[path] = JsonNode.Parse(text);
                continue;
            }
            spec ??= JsonSerializer.SerializeToNode(trial.Spec, SpecJson.Options)!;
            values[path] = SpecPath.Get(spec, path)?.DeepClone();
        }
        return values;
    }
}
