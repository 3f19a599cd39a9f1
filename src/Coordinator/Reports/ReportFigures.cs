using System.Globalization;
using ScottPlot;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.GpuNode.Metrics;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Reports;

/// <summary>A figure written as <c>figures/NAME.png</c> and <c>figures/NAME.svg</c>.</summary>
public sealed record Figure(string Name, string Title)
{
    public string Png => $"figures/{Name}.png";

    public string Svg => $"figures/{Name}.svg";
}

/// <summary>The report's figures, drawn with ScottPlot at one documented size.</summary>
public sealed class ReportFigures(string folder)
{
    public const int Width = 800;

    public const int Height = 500;

    /// <summary>Training and validation loss (left axis) and accuracy (right axis) per epoch.</summary>
    public Figure Curves(TrialRecord trial, IReadOnlyList<EpochMetrics> history) =>
        Save(CurvesPlot(history), $"curves-{trial.TrialId}", $"trial {trial.TrialId}: {Shorten(trial.Label)}", "epoch", "cross-entropy loss");

    internal static Plot CurvesPlot(IReadOnlyList<EpochMetrics> history)
    {
        var plot = new Plot();
        double[] epochs = [.. history.Select(e => (double)e.Epoch)];
        Line(plot, epochs, [.. history.Select(e => e.TrainLoss)], "train loss");
        Line(plot, epochs, [.. history.Select(e => e.ValLoss)], "val loss");
        Line(plot, epochs, [.. history.Select(e => e.TrainAccuracy)], "train accuracy").Axes.YAxis = plot.Axes.Right;
        Line(plot, epochs, [.. history.Select(e => e.ValAccuracy)], "val accuracy").Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        IntegerEpochs(plot);
        return plot;
    }

    /// <summary>Every trial's validation accuracy per epoch on one plot, each trial's last epoch marked by how it ended.</summary>
    public Figure LearningCurves(IReadOnlyList<TrialRecord> trials, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs, string title) =>
        Save(LearningCurvesPlot(trials, epochs), "learning-curves", title, "epoch", "validation accuracy");

    internal static Plot LearningCurvesPlot(IReadOnlyList<TrialRecord> trials, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs)
    {
        var plot = new Plot();
        foreach (var trial in trials)
        {
            var history = epochs[trial.TrialId];
            // No marker per epoch: the mark at the end shows the trial, even one with a single epoch.
            var line = plot.Add.Scatter(history.Select(e => (double)e.Epoch).ToArray(), history.Select(e => e.ValAccuracy).ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 1;
            var mark = TrialMarks.Of(trial.State);
            var end = plot.Add.Marker(history[^1].Epoch, history[^1].ValAccuracy, mark.Shape, 7, mark.PlotColour);
            end.MarkerLineColor = mark.PlotColour;
        }
        MarkLegend(plot, trials.Select(t => TrialMarks.Of(t.State)));
        IntegerEpochs(plot);
        return plot;
    }

    /// <summary>Validation accuracy per epoch of every row of a grouped table: one line per row, by <see cref="GroupCurve.Rule"/>.</summary>
    /// <param name="caption">The figure's caption, with the rule in full; the plot's own title and axis say it in short.</param>
    public Figure Overlay(GroupTable table, IReadOnlyList<(string Value, IReadOnlyList<GroupEpoch> Curve)> rows, string name, string caption)
    {
        var plot = new Plot();
        foreach (var (value, curve) in rows)
            Line(plot, [.. curve.Select(e => (double)e.Epoch)], [.. curve.Select(e => e.Median)], value);
        IntegerEpochs(plot);
        return Save(plot, name, $"validation accuracy by {table.Factor}", "epoch", "median (stopped trials at their last value)", caption);
    }

    /// <summary>Counts of true (rows) against predicted (columns) classes, with each count written in its cell.</summary>
    public Figure Confusion(TrialRecord trial, ClassificationReport report, IReadOnlyList<string> classNames) =>
        Save(ConfusionPlot(report.ConfusionMatrix, classNames), $"confusion-{trial.TrialId}", $"confusion matrix of trial {trial.TrialId} ({report.Count} images)", "predicted", "true");

    /// <summary>Cell (r, c) is centred on x = c, y = n - 1 - r, where the ticks and counts are.</summary>
    internal static Plot ConfusionPlot(int[][] matrix, IReadOnlyList<string> classNames)
    {
        var plot = new Plot();
        var n = matrix.Length;
        var counts = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
                counts[r, c] = matrix[r][c];
        }
        // Row 0 of the data is drawn at the top; the true classes read downwards as in a printed matrix.
        // Without an extent each cell is one unit wide and centred on its index (an extent names the
        // outer cells' centres, and the image then grows by a cell beyond it).
        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        var largest = Math.Max(1, counts.Cast<double>().Max());
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var text = plot.Add.Text(matrix[r][c].ToString(CultureInfo.InvariantCulture), c, n - 1 - r);
                text.LabelFontColor = counts[r, c] > largest / 2 ? Colors.Black : Colors.White;
                text.LabelAlignment = Alignment.MiddleCenter;
            }
        }
        plot.Add.ColorBar(heatmap);
        string Name(int i) => i < classNames.Count ? classNames[i] : i.ToString(CultureInfo.InvariantCulture);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)i)], [.. Enumerable.Range(0, n).Select(Name)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)(n - 1 - i))], [.. Enumerable.Range(0, n).Select(Name)]);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return plot;
    }

    /// <summary>Each trial's metric against its trainable parameters, with the Pareto front as a step line.</summary>
    public Figure AccuracyVsParameters(IReadOnlyList<SizePoint> points, IReadOnlyDictionary<string, TrialMark> marks, string metric)
    {
        var plot = new Plot();
        Marked(plot, points.Select(p => (marks[p.TrialId], (double)p.Parameters, p.Accuracy)));
        var front = ParetoFront.Of(points);
        var line = Line(plot, front.Select(p => (double)p.Parameters).ToArray(), front.Select(p => p.Accuracy).ToArray(), "Pareto front");
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        return Save(plot, "accuracy-vs-parameters", $"{metric} against model size", "trainable parameters", metric);
    }

    /// <summary>Mean seconds per epoch of each trial, in plan order.</summary>
    public Figure EpochTime(IReadOnlyList<TrialRecord> trials, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs)
    {
        var plot = new Plot();
        var timed = trials.Where(t => epochs[t.TrialId].Count > 0).ToList();
        plot.Add.Bars([.. timed.Select(t => epochs[t.TrialId].Average(e => e.Seconds))]);
        plot.Axes.Bottom.SetTicks([.. timed.Select((_, i) => (double)i)], [.. timed.Select(t => t.TrialId[..6])]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Margins(bottom: 0);
        return Save(plot, "epoch-time", "mean epoch time per trial", "trial", "seconds per epoch");
    }

    /// <summary>The learning rate each scheduled trial trained with, per epoch.</summary>
    public Figure LearningRates(IReadOnlyList<TrialRecord> scheduled, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs)
    {
        var plot = new Plot();
        foreach (var trial in scheduled)
        {
            var history = epochs[trial.TrialId];
            Line(plot, [.. history.Select(e => (double)e.Epoch)], [.. history.Select(e => e.LearningRate)], trial.TrialId[..6]);
        }
        IntegerEpochs(plot);
        return Save(plot, "learning-rate", "learning rate over epochs", "epoch", "learning rate");
    }

    /// <summary>A k-fold trial's validation accuracy per epoch: the mean over folds and a band of one standard deviation.</summary>
    public Figure Folds(TrialRecord trial, IReadOnlyList<FoldEpoch> bands)
    {
        var plot = new Plot();
        double[] epochs = [.. bands.Select(b => (double)b.Epoch)];
        double[] mean = [.. bands.Select(b => b.ValAccuracy.Mean)];
        double[] spread = [.. bands.Select(b => b.ValAccuracy.StdDev ?? 0)];
        var band = plot.Add.FillY(epochs, [.. mean.Select((m, i) => m - spread[i])], [.. mean.Select((m, i) => m + spread[i])]);
        band.LegendText = "mean +- std";
        band.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.3);
        band.LineStyle.Width = 0;
        Line(plot, epochs, mean, "mean over folds");
        IntegerEpochs(plot);
        return Save(plot, $"folds-{trial.TrialId}", $"{trial.Spec.Dataset.Folds}-fold validation accuracy of trial {trial.TrialId}", "epoch (within a fold)", "validation accuracy");
    }

    /// <summary>Each trial's metric in the order trials ended, marked by how it ended, and the best so far as a step line.</summary>
    public Figure BestSoFar(IReadOnlyList<BestSoFarPoint> history, IReadOnlyDictionary<string, TrialRecord> trials, string metric)
    {
        var plot = new Plot();
        Marked(plot, history.Select(p => (TrialMarks.Of(trials[p.TrialId].State), (double)p.Order, p.Value)));
        var best = Line(plot, [.. history.Select(p => (double)p.Order)], [.. history.Select(p => p.Best)], "best so far");
        best.ConnectStyle = ConnectStyle.StepHorizontal;
        best.MarkerSize = 0;
        IntegerEpochs(plot);
        return Save(plot, "best-so-far", $"{metric} of each trial and the best so far", "trial (in the order they ended)", metric);
    }

    /// <summary>
    /// One varied parameter against the metric, a point per trial marked by how it ended: a log axis for
    /// a log-sampled parameter, and a categorical one as columns jittered so equal values stay visible.
    /// </summary>
    public Figure ParameterSlice(VariedParameter parameter, IReadOnlyList<(TrialRecord Trial, double Value)> trials, string metric, string name)
    {
        var plot = new Plot();
        var categories = parameter.Categories.ToList();
        double X(TrialRecord t) => parameter.Numeric
            ? parameter.LogScale ? Math.Log10(parameter.Number(t.TrialId)!.Value) : parameter.Number(t.TrialId)!.Value
            : categories.IndexOf(parameter.Format(t.TrialId)) + Jitter(t.TrialId);
        Marked(plot, trials.Where(t => parameter.Values.ContainsKey(t.Trial.TrialId)).Select(t => (TrialMarks.Of(t.Trial.State), X(t.Trial), t.Value)));
        if (!parameter.Numeric)
            plot.Axes.Bottom.SetTicks([.. categories.Select((_, i) => (double)i)], [.. categories]);
        else if (parameter.LogScale)
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = x => Math.Pow(10, x).ToString("G3", CultureInfo.InvariantCulture) };
        return Save(plot, name, $"{metric} against {parameter.Path}", parameter.LogScale ? $"{parameter.Path} (log scale)" : parameter.Path, metric);
    }

    /// <summary>How much each parameter explains of the metric, largest first.</summary>
    public Figure Importance(IReadOnlyList<(string Parameter, double Importance)> importance)
    {
        var plot = new Plot();
        var ordered = importance.OrderBy(p => p.Importance).ToList();
        var bars = plot.Add.Bars([.. ordered.Select(p => p.Importance)]);
        bars.Horizontal = true;
        plot.Axes.Left.SetTicks([.. ordered.Select((_, i) => (double)i)], [.. ordered.Select(p => p.Parameter)]);
        plot.Axes.Margins(left: 0);
        return Save(plot, "parameter-importance", "parameter importance", "importance", "");
    }

    /// <summary>A trial's offset within its category's column, from its id so the same report draws the same picture.</summary>
    internal static double Jitter(string trialId)
    {
        // FNV-1a: string hash codes differ between processes.
        var hash = 2166136261u;
        foreach (var c in trialId)
            hash = (hash ^ c) * 16777619u;
        return ((hash % 1000 / 1000.0) - 0.5) * 0.4;
    }

    /// <summary>The t-SNE points of a layer, one colour per class.</summary>
    public Figure Embedding(TrialEmbedding embedding)
    {
        var plot = new Plot();
        for (var c = 0; c < embedding.ClassNames.Count; c++)
        {
            var members = Enumerable.Range(0, embedding.Points.Count).Where(i => embedding.Labels[i] == c).ToList();
            var points = plot.Add.ScatterPoints(members.Select(i => embedding.Points[i].X).ToArray(), members.Select(i => embedding.Points[i].Y).ToArray());
            points.LegendText = embedding.ClassNames[c];
            points.MarkerSize = 4;
        }
        return Save(plot, $"embedding-{embedding.TrialId}-{embedding.Layer}",
            $"t-SNE of {embedding.Layer}, trial {embedding.TrialId} ({embedding.Points.Count} {embedding.Set} images)", "t-SNE 1", "t-SNE 2");
    }

    /// <summary>A line through the points; a single point (a trial stopped after one epoch) draws no line, so it gets a marker.</summary>
    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string legend)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = legend;
        if (xs.Length == 1)
        {
            var point = plot.Add.Marker(xs[0], ys[0], MarkerShape.FilledCircle, 8, line.Color);
            point.MarkerLineColor = line.Color;
        }
        return line;
    }

    /// <summary>Points grouped by how their trials ended: one legend entry, shape and colour per mark.</summary>
    private static void Marked(Plot plot, IEnumerable<(TrialMark Mark, double X, double Y)> points)
    {
        foreach (var group in points.GroupBy(p => p.Mark).OrderBy(g => TrialMarks.All.ToList().IndexOf(g.Key)))
        {
            var scatter = plot.Add.ScatterPoints(group.Select(p => p.X).ToArray(), group.Select(p => p.Y).ToArray(), group.Key.PlotColour);
            scatter.MarkerShape = group.Key.Shape;
            scatter.MarkerSize = 8;
            scatter.LegendText = group.Key.Name;
        }
    }

    /// <summary>A legend entry per mark that appears, for plots whose marks are drawn one by one.</summary>
    private static void MarkLegend(Plot plot, IEnumerable<TrialMark> marks)
    {
        foreach (var mark in TrialMarks.All.Intersect(marks))
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = mark.Name,
                MarkerStyle = new MarkerStyle(mark.Shape, 8, mark.PlotColour),
            });
        }
    }

    private static void IntegerEpochs(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Labels of many overrides would not fit a title.</summary>
    private static string Shorten(string label) => label.Length <= 60 ? label : label[..57] + "...";

    /// <param name="caption">What the report writes under the figure, when it says more than the title.</param>
    private Figure Save(Plot plot, string name, string title, string x, string y, string? caption = null)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        if (plot.Legend.ManualItems.Count > 0 || plot.GetPlottables().Any(p => !string.IsNullOrEmpty((p as IHasLegendText)?.LegendText)))
            plot.ShowLegend(Edge.Right);
        var figure = new Figure(name, caption ?? title);
        plot.SavePng(Path.Combine(folder, figure.Png), Width, Height);
        plot.SaveSvg(Path.Combine(folder, figure.Svg), Width, Height);
        return figure;
    }
}
