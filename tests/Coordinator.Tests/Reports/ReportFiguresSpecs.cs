using ScottPlot;
using SkiaSharp;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Results;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed class ReportFiguresSpecs
{
    [Fact]
    public void Each_confusion_matrix_cell_is_centred_on_its_class_ticks()
    {
        // Large counts on the diagonal only: every cell's inner area must be bright exactly when it is a diagonal cell.
        const int n = 4;
        var matrix = Enumerable.Range(0, n).Select(r => Enumerable.Range(0, n).Select(c => r == c ? 100 : 0).ToArray()).ToArray();
        var plot = ReportFigures.ConfusionPlot(matrix, ["a", "b", "c", "d"]);

        using var image = Render(plot);

        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                // The four corners of the cell's inner part (the count is written at its centre).
                foreach (var (dx, dy) in new[] { (-0.3, -0.3), (-0.3, 0.3), (0.3, -0.3), (0.3, 0.3) })
                {
                    var pixel = plot.GetPixel(new Coordinates(c + dx, n - 1 - r + dy));
                    var colour = image.GetPixel((int)pixel.X, (int)pixel.Y);
                    // Viridis: yellow (green channel 231) at the top, purple (green 1) at zero.
                    Assert.True(r == c ? colour.Green > 180 : colour.Green < 60, $"cell ({r}, {c}) at ({dx}, {dy}) is {colour}");
                }
            }
        }
    }

    [Fact]
    public void A_trial_with_one_recorded_epoch_is_drawn_as_visible_points()
    {
        EpochMetrics[] history = [new(1, 0.9, 0.7, 1.1, 0.6, 0.001, 3, 1000)];

        var plot = ReportFigures.CurvesPlot(history);

        using var image = Render(plot);
        var scatters = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(4, scatters.Count);
        foreach (var scatter in scatters)
        {
            var point = plot.GetPixel(scatter.Data.GetScatterPoints()[0], scatter.Axes.XAxis, scatter.Axes.YAxis);
            Assert.True(Inked(image, point, scatter.Color) >= 10, $"nothing of {scatter.LegendText} drawn at {point}");
        }
    }

    [Fact]
    public void The_learning_curves_mark_where_each_trial_ended()
    {
        EpochMetrics Epoch(int e, double accuracy) => new(e, 1, 0.5, 1, accuracy, 0.001, 3, 1000);
        var stopped = ReportSamples.Trial("aaaaaaaaaaaa", Messages.Sweeps.TrialLifecycle.Stopped);
        var completed = ReportSamples.Trial("bbbbbbbbbbbb", Messages.Sweeps.TrialLifecycle.Completed);
        var epochs = new Dictionary<string, IReadOnlyList<EpochMetrics>> { [stopped.TrialId] = [Epoch(1, 0.3)], [completed.TrialId] = [Epoch(1, 0.5), Epoch(2, 0.7)] };

        var plot = ReportFigures.LearningCurvesPlot([stopped, completed], epochs);

        using var image = Render(plot);
        var ends = plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>().ToList();
        Assert.Equal([TrialMarks.Stopped.Shape, TrialMarks.Finished.Shape], ends.Select(m => m.MarkerShape));
        Assert.True(Inked(image, plot.GetPixel(new Coordinates(1, 0.3)), TrialMarks.Stopped.PlotColour) >= 10, "the stopped trial's only epoch is not drawn");
    }

    [Fact]
    public void Parameter_importances_given_to_the_report_become_a_bar_chart_and_its_files()
    {
        using var folder = new TemporaryFolder("report-figures-");
        Directory.CreateDirectory(Path.Combine(folder.Path, "figures"));
        (string, double)[] importance = [("training.optimizer.learning_rate", 0.7), ("model.blocks[0].filters", 0.3)];

        var figure = new ReportFigures(folder.Path).Importance(importance);
        var chart = EChartsFigures.Importance(importance);

        Assert.True(File.Exists(Path.Combine(folder.Path, figure.Png)) && File.Exists(Path.Combine(folder.Path, figure.Svg)));
        // Largest on top: ECharts draws the first category at the bottom.
        Assert.Equal(["model.blocks[0].filters", "training.optimizer.learning_rate"], chart["yAxis"]!["data"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private static SKBitmap Render(Plot plot) => SKBitmap.Decode(plot.GetImage(ReportFigures.Width, ReportFigures.Height).GetImageBytes());

    /// <summary>Pixels of about the colour within 4 pixels of a point.</summary>
    private static int Inked(SKBitmap image, Pixel point, ScottPlot.Color colour)
    {
        var count = 0;
        for (var y = (int)point.Y - 4; y <= (int)point.Y + 4; y++)
        {
            for (var x = (int)point.X - 4; x <= (int)point.X + 4; x++)
            {
                var p = image.GetPixel(x, y);
                count += Math.Abs(p.Red - colour.R) + Math.Abs(p.Green - colour.G) + Math.Abs(p.Blue - colour.B) < 60 ? 1 : 0;
            }
        }
        return count;
    }
}
