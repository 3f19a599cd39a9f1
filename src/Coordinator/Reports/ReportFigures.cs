using System.Globalization;
using ScottPlot;
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
    public Figure Curves(TrialRecord trial, IReadOnlyList<EpochMetrics> history)
    {
        var plot = new Plot();
        double[] epochs = [.. history.Select(e => (double)e.Epoch)];
        Line(plot, epochs, [.. history.Select(e => e.TrainLoss)], "train loss");
        Line(plot, epochs, [.. history.Select(e => e.ValLoss)], "val loss");
        Line(plot, epochs, [.. history.Select(e => e.TrainAccuracy)], "train accuracy").Axes.YAxis = plot.Axes.Right;
        Line(plot, epochs, [.. history.Select(e => e.ValAccuracy)], "val accuracy").Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        IntegerEpochs(plot);
        return Save(plot, $"curves-{trial.TrialId}", $"trial {trial.TrialId}: {Shorten(trial.Label)}", "epoch", "cross-entropy loss");
    }

    /// <summary>Validation accuracy per epoch of every row of a grouped table: one line per row, the mean over its trials.</summary>
    public Figure Overlay(GroupTable table, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs, string name)
    {
        var plot = new Plot();
        foreach (var row in table.Rows)
        {
            var mean = FoldAggregate.PerEpoch([.. row.TrialIds.Select(id => (IReadOnlyList<double>)[.. epochs[id].Select(e => e.ValAccuracy)])]);
            Line(plot, [.. mean.Select((_, i) => i + 1.0)], [.. mean.Select(m => m.Mean)], row.Value);
        }
        IntegerEpochs(plot);
        return Save(plot, name, $"validation accuracy by {table.Factor}", "epoch", "validation accuracy");
    }

    /// <summary>Counts of true (rows) against predicted (columns) classes, with each count written in its cell.</summary>
    public Figure Confusion(TrialRecord trial, ClassificationReport report, IReadOnlyList<string> classNames)
    {
        var plot = new Plot();
        var n = report.ConfusionMatrix.Length;
        var counts = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
                counts[r, c] = report.ConfusionMatrix[r][c];
        }
        // Row 0 of the data is drawn at the top; the true classes read downwards as in a printed matrix.
        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        var largest = Math.Max(1, counts.Cast<double>().Max());
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var text = plot.Add.Text(report.ConfusionMatrix[r][c].ToString(CultureInfo.InvariantCulture), c, n - 1 - r);
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
        return Save(plot, $"confusion-{trial.TrialId}", $"confusion matrix of trial {trial.TrialId} ({report.Count} images)", "predicted", "true");
    }

    /// <summary>Each trial's metric against its trainable parameters, with the Pareto front as a step line.</summary>
    public Figure AccuracyVsParameters(IReadOnlyList<SizePoint> points, string metric)
    {
        var plot = new Plot();
        var all = plot.Add.ScatterPoints(points.Select(p => (double)p.Parameters).ToArray(), points.Select(p => p.Accuracy).ToArray());
        all.LegendText = "trials";
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

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string legend)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = legend;
        return line;
    }

    private static void IntegerEpochs(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Labels of many overrides would not fit a title.</summary>
    private static string Shorten(string label) => label.Length <= 60 ? label : label[..57] + "...";

    private Figure Save(Plot plot, string name, string title, string x, string y)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        if (plot.GetPlottables().Any(p => !string.IsNullOrEmpty((p as IHasLegendText)?.LegendText)))
            plot.ShowLegend(Edge.Right);
        var figure = new Figure(name, title);
        plot.SavePng(Path.Combine(folder, figure.Png), Width, Height);
        plot.SaveSvg(Path.Combine(folder, figure.Svg), Width, Height);
        return figure;
    }
}
