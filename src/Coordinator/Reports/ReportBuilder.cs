using System.Globalization;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Reports;

/// <summary>Turns a sweep's recorded results into the report's blocks, drawing each figure as it goes.</summary>
/// <param name="detailed">Trials to show a confusion matrix and class report for, besides the best.</param>
/// <param name="embeddings">t-SNE embeddings computed for the report.</param>
public sealed class ReportBuilder(ReportData data, ReportFigures figures, IReadOnlyList<string> detailed, IReadOnlyList<TrialEmbedding> embeddings)
{
    private readonly List<ReportBlock> _blocks = [];

    private readonly IReadOnlyList<VariedParameter> _varied = VariedParameters.Of(data.Trials, data.Scales ?? ParameterScales.Unknown);

    public IReadOnlyList<ReportBlock> Build()
    {
        Add(new Heading(1, $"Sweep {data.Sweep.Name} ({data.Sweep.SweepId})"));
        Add(new Paragraph($"{data.Sweep.State}; recorded results as of {data.TakenAt:yyyy-MM-dd HH:mm:ss} UTC. Trials are ranked and grouped by {data.Metric}."));
        Summary();
        LeaderboardTable();
        StageTable();
        Groups();
        Folds();
        Search();
        Figures();
        foreach (var trial in Detailed())
            ClassReport(trial);
        foreach (var embedding in embeddings)
            Embedding(embedding);
        Add(new Heading(2, "Sweep file"));
        Add(new Preformatted(data.Source));
        return _blocks;
    }

    private void Add(ReportBlock block) => _blocks.Add(block);

    private void Add(Figure figure, JsonObject chart) => _blocks.Add(new FigureBlock(figure, chart));

    private void Summary()
    {
        var t = data.Trials;
        int Count(TrialLifecycle state) => t.Count(x => x.State == state);
        var rows = new List<(string, string)>
        {
            ("sweep file", data.Sweep.File),
            ("strategy", data.Strategy?.ToString().ToLowerInvariant() ?? "none"),
            ("trials", $"{t.Count}: {Count(TrialLifecycle.Completed)} completed, {Count(TrialLifecycle.EarlyStopped)} early-stopped, {Count(TrialLifecycle.Stopped)} stopped by the scheduler, {Count(TrialLifecycle.Diverged)} diverged, {Count(TrialLifecycle.Failed)} failed, {Count(TrialLifecycle.Running)} running, {Count(TrialLifecycle.Queued)} queued"),
            ("wall time", Duration(data.WallTime)),
            ("device time", $"{Duration(data.DeviceTime)} (training time summed over trials)"),
        };
        if (data.Best is { } best)
        {
            rows.Add(("best trial", $"{best.TrialId}: {best.Label}, {data.Metric} {Metric(data.Value(best)).Text}"));
            rows.Add(("best overrides", Overrides(best)));
            rows.Add(("best size", $"{best.TrainableParameters:N0} trainable + {best.NonTrainableParameters:N0} non-trainable parameters"));
        }
        Add(new Heading(2, "Summary"));
        Add(new TableBlock(["", "value"], [.. rows.Select(r => (IReadOnlyList<Cell>)[r.Item1, r.Item2])]));
    }

    private void LeaderboardTable()
    {
        Add(new Heading(2, "Leaderboard"));
        var ranked = Leaderboard.Rows(data.Trials.Select(t => t.ToResult()), data.Metric);
        Add(new Paragraph($"Click a column's header to sort by it. States are marked as in the figures: {string.Join(", ", TrialMarks.All.Select(m => $"{m.Glyph} {m.Name}"))}; "
            + "a trial stopped by the scheduler is ranked on the epoch it was stopped after. " + Leaderboard.Rule(data.Metric, ranked)));
        var states = data.Trials.ToDictionary(t => t.TrialId, t => t.State);
        var parameters = data.Trials.ToDictionary(t => t.TrialId, t => t.TrainableParameters);
        var seconds = data.Epochs.ToDictionary(e => e.Key, e => e.Value.Count == 0 ? (double?)null : e.Value.Average(x => x.Seconds));
        var rows = ranked.Select(r => (IReadOnlyList<Cell>)
        [
            new Cell(r.Rank.ToString(CultureInfo.InvariantCulture) + (r.RankedBy is null ? "" : "*"), r.Rank), r.TrialId, r.Label, $"{TrialMarks.Of(states[r.TrialId]).Glyph} {r.State}", .. _varied.Select(p => new Cell(p.Format(r.TrialId), p.Number(r.TrialId))), Number(r.Epochs),
            Percent(r.ValAccuracy), Loss(r.ValLoss), Percent(r.TestAccuracy), Loss(r.TestLoss),
            Number(parameters[r.TrialId]), new Cell(seconds[r.TrialId]?.ToString("F2", CultureInfo.InvariantCulture) ?? "", seconds[r.TrialId]), r.Node ?? "",
        ]);
        Add(new TableBlock(["rank", "trial", "label", "state", .. _varied.Select(p => p.Path), "epochs", "val acc", "val loss", "test acc", "test loss", "parameters", "s/epoch", "node"], [.. rows], Sortable: true));
    }

    private void StageTable()
    {
        if (data.Stages is not var (names, metric, later))
            return;
        Add(new Heading(2, "Stages"));
        Add(new Paragraph($"Each stage starts from the winner of the one before, by {metric}. A stage's trials include that base."));
        var rows = StageWinners.Of(data.Trials, later, names, metric).Select(s => (IReadOnlyList<Cell>)
        [
            Number(s.Stage + 1), s.Name, Number(s.Trials), s.Done ? "ended" : "running",
            s.Winner?.TrialId ?? "", s.Winner?.Label ?? "", new Cell(MetricRegistry.Get(metric).HigherIsBetter ? Percent(s.Value).Text : Loss(s.Value).Text, s.Value),
        ]);
        Add(new TableBlock(["stage", "name", "trials", "state", "winner", "what it fixed", metric], [.. rows]));
        if (later.Count + 1 < names.Count && data.Sweep.State != States.Running)
            Add(new Paragraph($"Stages not run: {string.Join(", ", names.Skip(later.Count + 1))} (the coordinator's log says why)."));
    }

    private void Groups()
    {
        var baseSpec = data.Trials.FirstOrDefault(t => t.Label == ResultGroups.BaseLabel && t.Overrides.Count == 0)?.Spec;
        var tables = ResultGroups.Of([.. data.Trials.Select(t => t.ToResult())], data.Metric, baseSpec, data.Scales);
        if (tables.Count == 0)
            return;
        Add(new Heading(2, "Results by factor"));
        Add(new Paragraph($"{data.Metric}: mean and sample standard deviation over the trials of each row (repeats share a row)."));
        foreach (var table in tables)
        {
            Add(new Heading(3, table.Kind == ResultGroups.Variants ? "Variants, in order" : $"{table.Factor} ({table.Kind})"));
            var withChange = table.Kind == ResultGroups.Variants;
            var rows = table.Rows.Select(r => (IReadOnlyList<Cell>)
            [
                r.Value, .. withChange ? [(Cell)(r.Change ?? "")] : Array.Empty<Cell>(), Number(r.Count), Metric(r.Mean), Metric(r.Std), Metric(r.DiffToBase, signed: true),
            ]);
            Add(new TableBlock([withChange ? "variant" : "value", .. withChange ? ["change from the base"] : Array.Empty<string>(), "n", "mean", "std", "vs base"], [.. rows]));
            if (table.Rows.All(r => r.TrialIds.Any(id => data.Epochs[id].Count > 0)))
                Overlay(table);
        }
    }

    private void Overlay(GroupTable table)
    {
        var curves = table.Rows.Select(r => (r.Value, GroupCurve.Of([.. r.TrialIds.Select(id => (IReadOnlyList<double>)[.. data.Epochs[id].Select(e => e.ValAccuracy)])]))).ToList();
        var caption = $"validation accuracy by {table.Factor} ({GroupCurve.Rule})";
        Add(figures.Overlay(table, curves, $"by-{Slug(table.Factor)}", caption), EChartsFigures.Overlay(curves, $"validation accuracy by {table.Factor}"));
    }

    private void Folds()
    {
        var folded = data.Trials.Where(t => t.Spec.Dataset.Folds >= 2 && data.Epochs[t.TrialId].Count > 0).ToList();
        if (folded.Count == 0)
            return;
        Add(new Heading(2, "Cross-validation"));
        foreach (var trial in folded)
        {
            var bands = FoldCurves.Of(data.Epochs[trial.TrialId], trial.Spec.Training.Epochs);
            Add(new Heading(3, $"{trial.Label} ({trial.TrialId}): {trial.Spec.Dataset.Folds} folds"));
            var figure = figures.Folds(trial, bands);
            Add(figure, EChartsFigures.Folds(bands, figure.Title));
            Add(new TableBlock(["epoch", "folds", "val acc mean", "val acc std", "val loss mean", "val loss std"], [.. bands.Select(b => (IReadOnlyList<Cell>)
            [
                Number(b.Epoch), Number(b.ValAccuracy.Count), Percent(b.ValAccuracy.Mean), Percent(b.ValAccuracy.StdDev), Loss(b.ValLoss.Mean), Loss(b.ValLoss.StdDev),
            ])]));
        }
    }

    /// <summary>How the search went: the best so far, each varied parameter against the metric, all of them at once, and their importance.</summary>
    private void Search()
    {
        var scored = data.Trials.Where(t => data.Value(t) is { } v && double.IsFinite(v)).Select(t => (Trial: t, Value: data.Value(t)!.Value)).ToList();
        if (scored.Count < 2)
            return;
        Add(new Heading(2, "Search"));
        Add(new Paragraph($"Points are marked by how each trial ended ({string.Join(", ", TrialMarks.All.Select(m => $"{m.Glyph} {m.Name}"))}): a trial stopped by the scheduler shows {data.Metric} at the epoch it was stopped after."));
        var history = BestSoFar.Of(data.Trials, data.Metric);
        var byId = data.Trials.ToDictionary(t => t.TrialId);
        Add(figures.BestSoFar(history, byId, data.Metric), EChartsFigures.BestSoFar(history, byId, data.Metric));
        foreach (var parameter in _varied)
            Add(figures.ParameterSlice(parameter, scored, data.Metric, $"slice-{Slug(parameter.Path)}"), EChartsFigures.ParameterSlice(parameter, scored, data.Metric));
        if (_varied.Count >= 2)
            Add(new ChartBlock("parallel-coordinates", $"parallel coordinates of the varied parameters and {data.Metric}, a line per trial", EChartsFigures.ParallelCoordinates(_varied, scored, data.Metric)));
        var importance = ParameterImportance.Of(data.Trials.Select(t => t.ToResult()), data.Metric, data.Scales ?? ParameterScales.Unknown);
        if (importance.Reason is { } none)
        {
            Add(new Paragraph($"Parameter importance: none ({none})"));
            return;
        }
        IReadOnlyList<(string, double)> shares = [.. importance.Ranked.Select(s => (s.Parameter, s.Normalised))];
        Add(figures.Importance(shares), EChartsFigures.Importance(shares));
        Add(new Paragraph($"Importance by PED-ANOVA: how differently each parameter is spread among the top {importance.Quantile:P0} of the {importance.Trials} trials with {data.Metric} ({importance.TopTrials}) than among all of them, as shares of the whole."));
    }

    private void Figures()
    {
        Add(new Heading(2, "Figures"));
        var byId = data.Trials.ToDictionary(t => t.TrialId);
        var sized = data.Trials.Where(t => data.Value(t) is not null).Select(t => new SizePoint(t.TrialId, t.TrainableParameters, data.Value(t)!.Value)).ToList();
        if (sized.Count > 0)
        {
            Add(figures.AccuracyVsParameters(sized, byId.ToDictionary(t => t.Key, t => TrialMarks.Of(t.Value.State)), data.Metric), EChartsFigures.AccuracyVsParameters(sized, byId, data.Metric));
            Add(new Paragraph("Pareto front: " + string.Join(", ", ParetoFront.Of(sized).Select(p => $"{p.TrialId} ({p.Parameters:N0} parameters, {Metric(p.Accuracy).Text})"))));
        }
        var trained = data.Trials.Where(t => data.Epochs[t.TrialId].Count > 0).ToList();
        if (trained.Count > 0)
            Add(figures.EpochTime(data.Trials, data.Epochs), EChartsFigures.EpochTime(trained, data.Epochs));
        var scheduled = data.Trials.Where(t => data.Epochs[t.TrialId].Select(e => e.LearningRate).Distinct().Count() > 1).ToList();
        if (scheduled.Count > 0)
            Add(figures.LearningRates(scheduled, data.Epochs), EChartsFigures.LearningRates(scheduled, data.Epochs));
        if (trained.Count == 0)
            return;
        Add(new Heading(3, "Training curves"));
        // The chart has room for the loss below the accuracy; the PNG keeps to the accuracy.
        Add(figures.LearningCurves(trained, data.Epochs, "validation accuracy of every trial, its end marked by how it ended"),
            EChartsFigures.LearningCurves(trained, data.Epochs, "validation accuracy (above) and loss (below) of every trial"));
        foreach (var trial in trained)
        {
            var figure = figures.Curves(trial, data.Epochs[trial.TrialId]);
            Add(figure, EChartsFigures.Curves(data.Epochs[trial.TrialId], figure.Title));
        }
    }

    /// <summary>The best trial, then the ones asked for, each once.</summary>
    private IEnumerable<TrialRecord> Detailed()
    {
        var ids = (data.Best is { } best ? [best.TrialId] : Array.Empty<string>()).Concat(detailed).Distinct();
        return ids.Select(data.Trial);
    }

    private void ClassReport(TrialRecord trial)
    {
        var which = data.Best?.TrialId == trial.TrialId ? "best trial" : "trial";
        Add(new Heading(2, $"Class report of the {which} {trial.TrialId} ({trial.Label})"));
        if ((trial.Outcome?.Test ?? trial.Outcome?.Validation) is not { } report)
        {
            Add(new Paragraph(trial.Outcome?.Folds is { } folds
                ? $"A {folds.Folds}-fold trial: each fold's class report stays in its checkpoint folder (fold-0 to fold-{folds.Folds - 1}); the report ranks it by the means over folds."
                : $"No final evaluation recorded: the trial is {trial.State.Text()}{(trial.Outcome?.Detail is { } d ? $" ({d})" : "")}."));
            return;
        }
        var names = Datasets.ClassNames(trial.Spec.Dataset);
        Add(new Paragraph($"On the {(trial.Outcome!.Test is null ? "validation" : "test")} set ({report.Count} images): accuracy {Percent(report.Accuracy).Text}, log loss {Loss(report.LogLoss).Text}."));
        var confusion = figures.Confusion(trial, report, names);
        Add(confusion, EChartsFigures.Confusion(report.ConfusionMatrix, names, confusion.Title));
        var rows = report.PerClass.Select(c => (IReadOnlyList<Cell>)
        [
            c.Class < names.Count ? names[c.Class] : Number(c.Class).Text, Ratio(c.Precision), Ratio(c.Recall), Ratio(c.F1), Number(c.Support),
        ]).Append(["macro average", Ratio(report.MacroAverage.Precision), Ratio(report.MacroAverage.Recall), Ratio(report.MacroAverage.F1), Number(report.Count)])
          .Append(["weighted average", Ratio(report.WeightedAverage.Precision), Ratio(report.WeightedAverage.Recall), Ratio(report.WeightedAverage.F1), Number(report.Count)]);
        Add(new TableBlock(["class", "precision", "recall", "F1", "support"], [.. rows]));
    }

    private void Embedding(TrialEmbedding embedding)
    {
        Add(new Heading(2, $"Embedding of {embedding.Layer}, trial {embedding.TrialId}"));
        Add(new Paragraph($"t-SNE (exact, perplexity {embedding.Perplexity:0.#}, on the first 50 principal components, started from the first two) of the {embedding.Layer} activations of "
            + $"{embedding.Points.Count} {embedding.Set} images (a stratified sample). {Percent(embedding.Agreement).Text} of the images have mostly "
            + $"their own class among their {TrialEmbedding.Neighbours} nearest neighbours in the plane."));
        var figure = figures.Embedding(embedding);
        Add(figure, EChartsFigures.Embedding(embedding, figure.Title));
    }

    private Cell Metric(double? value, bool signed = false) =>
        MetricRegistry.Get(data.Metric).HigherIsBetter ? Percent(value, signed) : Loss(value, signed);

    private static Cell Percent(double? value, bool signed = false) =>
        new(value is { } v ? (signed && v >= 0 ? "+" : "") + (v * 100).ToString("F2", CultureInfo.InvariantCulture) + (signed ? " pt" : "%") : "", value);

    private static Cell Loss(double? value, bool signed = false) =>
        new(value is { } v ? (signed && v >= 0 ? "+" : "") + v.ToString("F4", CultureInfo.InvariantCulture) : "", value);

    private static Cell Ratio(double value) => new(value.ToString("F4", CultureInfo.InvariantCulture), value);

    private static Cell Number(long value) => new(value.ToString("N0", CultureInfo.InvariantCulture), value);

    private static string Overrides(TrialRecord trial) =>
        trial.Overrides.Count == 0 ? "(none: the base)" : string.Join(", ", trial.Overrides.Select(o => $"{o.Key}={o.Value}"));

    private static string Duration(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes:D2}m" : $"{span.Minutes}m {span.Seconds:D2}s";

    /// <summary>A factor's path as a file name: model.blocks[0].filters -> model-blocks-0-filters.</summary>
    public static string Slug(string path) =>
        string.Join('-', path.Split(['.', '[', ']', '_'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
