using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// The report's figures as Apache ECharts options: the HTML report embeds them as JSON and draws them
/// in the page (tooltips, legend toggles, zoom). Every trial-level point is marked by how its trial ended.
/// </summary>
public static class EChartsFigures
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly object Grid = new { left = 80, right = 190, top = 70, bottom = 70, containLabel = true };

    private static readonly object Legend = new { type = "scroll", orient = "vertical", right = 0, top = 60, bottom = 20 };

    private static readonly object Toolbox = new { right = 10, feature = new { dataZoom = new { }, restore = new { }, saveAsImage = new { } } };

    /// <summary>Viridis, as the PNG's colour map, in five stops.</summary>
    private static readonly string[] Viridis = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];

    /// <summary>One trial's training and validation loss (left axis) and accuracy (right axis) per epoch.</summary>
    public static JsonObject Curves(IReadOnlyList<EpochMetrics> history, string title) => Chart(new
    {
        title = Title(title),
        tooltip = new { trigger = "axis" },
        legend = Legend,
        grid = Grid,
        toolbox = Toolbox,
        dataZoom = Zoom([0]),
        xAxis = EpochAxis(0),
        yAxis = new object[] { ValueAxis("cross-entropy loss"), ValueAxis("accuracy") },
        series = new[]
        {
            Line("train loss", history.Select(e => Point(e.Epoch, e.TrainLoss))),
            Line("val loss", history.Select(e => Point(e.Epoch, e.ValLoss))),
            Line("train accuracy", history.Select(e => Point(e.Epoch, e.TrainAccuracy)), yAxis: 1),
            Line("val accuracy", history.Select(e => Point(e.Epoch, e.ValAccuracy)), yAxis: 1),
        },
    });

    /// <summary>Every trial on one chart: validation accuracy above, validation loss below; a trial's two lines share its legend entry.</summary>
    public static JsonObject LearningCurves(IReadOnlyList<TrialRecord> trials, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs, string title) => Chart(new
    {
        title = Title(title, "points: ● completed, ▲ stopped by the scheduler, ◆ early-stopped, ■ diverged, ○ not finished"),
        tooltip = new { trigger = "item" },
        legend = Legend,
        toolbox = Toolbox,
        grid = new object[]
        {
            new { left = 80, right = 190, top = 70, height = "32%", containLabel = true },
            new { left = 80, right = 190, top = "58%", height = "30%", containLabel = true },
        },
        dataZoom = Zoom([0, 1]),
        xAxis = new[] { EpochAxis(0), EpochAxis(1) },
        yAxis = new object[] { ValueAxis("validation accuracy", grid: 0), ValueAxis("validation loss", grid: 1) },
        series = trials.SelectMany(t => new[]
        {
            Line(TrialName(t), epochs[t.TrialId].Select(e => Point(e.Epoch, e.ValAccuracy)), symbol: TrialMarks.Of(t.State).Symbol),
            Line(TrialName(t), epochs[t.TrialId].Select(e => Point(e.Epoch, e.ValLoss)), symbol: TrialMarks.Of(t.State).Symbol, axes: 1),
        }),
    });

    /// <summary>Validation accuracy per epoch of every row of a grouped table, by <see cref="GroupCurve.Rule"/>.</summary>
    public static JsonObject Overlay(IReadOnlyList<(string Value, IReadOnlyList<GroupEpoch> Curve)> rows, string title) => Chart(new
    {
        title = Title(title, GroupCurve.Rule),
        tooltip = new { trigger = "axis" },
        legend = Legend,
        grid = Grid,
        toolbox = Toolbox,
        dataZoom = Zoom([0]),
        xAxis = EpochAxis(0),
        yAxis = ValueAxis("validation accuracy"),
        series = rows.Select(r => Line(r.Value, r.Curve.Select(e => Point(e.Epoch, e.Median)))),
    });

    /// <summary>Counts of true (rows, top to bottom) against predicted classes; each cell sits on its two class names.</summary>
    public static JsonObject Confusion(int[][] matrix, IReadOnlyList<string> classNames, string title)
    {
        var n = matrix.Length;
        string[] names = [.. Enumerable.Range(0, n).Select(i => i < classNames.Count ? classNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return Chart(new
        {
            title = Title(title),
            tooltip = new { position = "top" },
            toolbox = Toolbox,
            grid = new { left = 40, right = 110, top = 60, bottom = 40, containLabel = true },
            xAxis = new { type = "category", data = names, name = "predicted", nameLocation = "middle", nameGap = 70, axisLabel = new { rotate = 40, interval = 0 }, splitArea = new { show = true } },
            yAxis = new { type = "category", data = names, name = "true", inverse = true, axisLabel = new { interval = 0 }, splitArea = new { show = true } },
            visualMap = new { min = 0, max = Math.Max(1, matrix.Max(r => r.Max())), calculable = true, orient = "vertical", right = 10, top = "middle", inRange = new { color = Viridis } },
            series = new[]
            {
                new
                {
                    type = "heatmap",
                    name = "images",
                    data = Enumerable.Range(0, n).SelectMany(r => Enumerable.Range(0, n).Select(c => new[] { c, r, matrix[r][c] })),
                    label = new { show = true },
                },
            },
        });
    }

    /// <summary>Each trial's metric against its trainable parameters, and the Pareto front as a step line.</summary>
    public static JsonObject AccuracyVsParameters(IReadOnlyList<SizePoint> points, IReadOnlyDictionary<string, TrialRecord> trials, string metric) => Chart(new
    {
        title = Title($"{metric} against model size"),
        tooltip = new { trigger = "item" },
        legend = Legend,
        grid = Grid,
        toolbox = Toolbox,
        xAxis = ValueAxis("trainable parameters", bottom: true),
        yAxis = ValueAxis(metric),
        series = Marked(points.Select(p => (trials[p.TrialId], (double)p.Parameters, p.Accuracy)))
            .Append(Line("Pareto front", ParetoFront.Of(points).Select(p => Point(p.Parameters, p.Accuracy)), step: true)),
    });

    /// <summary>Mean seconds per epoch of each trial, in plan order.</summary>
    public static JsonObject EpochTime(IReadOnlyList<TrialRecord> timed, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs) => Chart(new
    {
        title = Title("mean epoch time per trial"),
        tooltip = new { trigger = "axis" },
        grid = Grid,
        toolbox = Toolbox,
        xAxis = new { type = "category", name = "trial", nameLocation = "middle", nameGap = 50, data = timed.Select(t => t.TrialId), axisLabel = new { rotate = 60 } },
        yAxis = ValueAxis("seconds per epoch"),
        series = new[] { new { type = "bar", name = "seconds per epoch", data = timed.Select(t => Finite(epochs[t.TrialId].Average(e => e.Seconds))) } },
    });

    /// <summary>The learning rate each scheduled trial trained with, per epoch.</summary>
    public static JsonObject LearningRates(IReadOnlyList<TrialRecord> scheduled, IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> epochs) => Chart(new
    {
        title = Title("learning rate over epochs"),
        tooltip = new { trigger = "axis" },
        legend = Legend,
        grid = Grid,
        toolbox = Toolbox,
        dataZoom = Zoom([0]),
        xAxis = EpochAxis(0),
        yAxis = ValueAxis("learning rate"),
        series = scheduled.Select(t => Line(TrialName(t), epochs[t.TrialId].Select(e => Point(e.Epoch, e.LearningRate)))),
    });

    /// <summary>A k-fold trial's validation accuracy per epoch: the mean over folds, and one standard deviation either side.</summary>
    public static JsonObject Folds(IReadOnlyList<FoldEpoch> bands, string title) => Chart(new
    {
        title = Title(title),
        tooltip = new { trigger = "axis" },
        legend = Legend,
        grid = Grid,
        toolbox = Toolbox,
        xAxis = EpochAxis(0, "epoch (within a fold)"),
        yAxis = ValueAxis("validation accuracy"),
        series = new[]
        {
            Line("mean over folds", bands.Select(b => Point(b.Epoch, b.ValAccuracy.Mean))),
            Line("mean - std", bands.Select(b => Point(b.Epoch, b.ValAccuracy.Mean - (b.ValAccuracy.StdDev ?? 0))), dashed: true),
            Line("mean + std", bands.Select(b => Point(b.Epoch, b.ValAccuracy.Mean + (b.ValAccuracy.StdDev ?? 0))), dashed: true),
        },
    });

    /// <summary>The t-SNE points of a layer, one series per class.</summary>
    public static JsonObject Embedding(TrialEmbedding embedding, string title) => Chart(new
    {
        title = Title(title),
        tooltip = new { trigger = "item" },
        legend = Legend,
        grid = Grid,
        toolbox = Toolbox,
        xAxis = ValueAxis("t-SNE 1", bottom: true),
        yAxis = ValueAxis("t-SNE 2"),
        series = embedding.ClassNames.Select((name, c) => new
        {
            type = "scatter",
            name,
            symbolSize = 4,
            data = Enumerable.Range(0, embedding.Points.Count).Where(i => embedding.Labels[i] == c).Select(i => new[] { embedding.Points[i].X, embedding.Points[i].Y }),
        }),
    });

    /// <summary>Each trial's metric in the order trials ended, and the best so far.</summary>
    public static JsonObject BestSoFar(IReadOnlyList<BestSoFarPoint> history, IReadOnlyDictionary<string, TrialRecord> trials, string metric) => Chart(new
    {
        title = Title($"{metric} of each trial and the best so far"),
        tooltip = new { trigger = "item" },
        legend = Legend,
        grid = Grid,
        toolbox = Toolbox,
        dataZoom = Zoom([0]),
        xAxis = new { type = "value", name = "trial (in the order they ended)", nameLocation = "middle", nameGap = 30, minInterval = 1 },
        yAxis = ValueAxis(metric),
        series = Marked(history.Select(p => (trials[p.TrialId], (double)p.Order, p.Value)))
            .Append(Line("best so far", history.Select(p => Point(p.Order, p.Best)), step: true)),
    });

    /// <summary>A varied parameter against the metric: a log axis for a log-sampled one, a categorical one as jittered columns.</summary>
    public static JsonObject ParameterSlice(VariedParameter parameter, IReadOnlyList<(TrialRecord Trial, double Value)> trials, string metric)
    {
        var categories = parameter.Categories.ToList();
        object xAxis = parameter.Numeric
            ? new { type = parameter.LogScale ? "log" : "value", name = parameter.Path, nameLocation = "middle", nameGap = 30, scale = true }
            : new { type = "category", name = parameter.Path, nameLocation = "middle", nameGap = 30, data = categories, jitter = 40, jitterOverlap = false };
        double X(TrialRecord t) => parameter.Numeric ? parameter.Number(t.TrialId)!.Value : categories.IndexOf(parameter.Format(t.TrialId));
        return Chart(new
        {
            title = Title($"{metric} against {parameter.Path}"),
            tooltip = new { trigger = "item" },
            legend = Legend,
            grid = Grid,
            toolbox = Toolbox,
            xAxis,
            yAxis = ValueAxis(metric),
            series = Marked(trials.Where(t => parameter.Values.ContainsKey(t.Trial.TrialId)).Select(t => (t.Trial, X(t.Trial), t.Value))),
        });
    }

    /// <summary>One axis per varied parameter and one for the metric; a line per trial, coloured by the metric, a series per trial mark.</summary>
    public static JsonObject ParallelCoordinates(IReadOnlyList<VariedParameter> parameters, IReadOnlyList<(TrialRecord Trial, double Value)> trials, string metric)
    {
        var complete = trials.Where(t => parameters.All(p => p.Values.ContainsKey(t.Trial.TrialId))).ToList();
        object Value(VariedParameter p, string trialId) => p.Numeric ? p.Number(trialId)!.Value : p.Format(trialId);
        var axes = parameters.Select((p, i) => (object)new
        {
            dim = i,
            name = p.Path,
            type = p.Numeric ? p.LogScale ? "log" : "value" : "category",
            data = p.Numeric ? null : p.Categories,
            scale = p.Numeric ? true : (bool?)null,
        }).Append(new { dim = parameters.Count, name = metric, type = "value", scale = true });
        return Chart(new
        {
            title = Title($"parallel coordinates: varied parameters and {metric}", "drag along an axis to select a range"),
            tooltip = new { trigger = "item" },
            legend = new { top = 30, left = "center" },
            toolbox = Toolbox,
            parallel = new { left = 60, right = 140, top = 100, bottom = 40, parallelAxisDefault = new { nameLocation = "end", nameGap = 15, nameTextStyle = new { fontSize = 11 } } },
            parallelAxis = axes,
            visualMap = new
            {
                type = "continuous",
                dimension = parameters.Count,
                min = complete.Count == 0 ? 0 : complete.Min(t => t.Value),
                max = complete.Count == 0 ? 1 : complete.Max(t => t.Value),
                calculable = true,
                right = 10,
                top = "middle",
                inRange = new { color = Viridis },
            },
            series = complete.GroupBy(t => TrialMarks.Of(t.Trial.State)).OrderBy(g => TrialMarks.All.ToList().IndexOf(g.Key)).Select(g => new
            {
                type = "parallel",
                name = g.Key.Name,
                lineStyle = new { width = 1.5, opacity = 0.7, type = g.Key == TrialMarks.Finished ? "solid" : "dashed" },
                data = g.Select(t => new
                {
                    name = TrialName(t.Trial),
                    value = parameters.Select(p => Value(p, t.Trial.TrialId)).Append(t.Value),
                }),
            }),
        });
    }

    /// <summary>How much each parameter explains of the metric, largest on top.</summary>
    public static JsonObject Importance(IReadOnlyList<(string Parameter, double Importance)> importance)
    {
        var ordered = importance.OrderBy(p => p.Importance).ToList();
        return Chart(new
        {
            title = Title("parameter importance"),
            tooltip = new { trigger = "axis" },
            grid = Grid,
            toolbox = Toolbox,
            xAxis = ValueAxis("importance", bottom: true),
            yAxis = new { type = "category", data = ordered.Select(p => p.Parameter) },
            series = new[] { new { type = "bar", name = "importance", data = ordered.Select(p => Finite(p.Importance)) } },
        });
    }

    private static JsonObject Chart(object option) => JsonSerializer.SerializeToNode(option, Options)!.AsObject();

    private static object Title(string text, string? subtext = null) => new { text, subtext, left = "center", textStyle = new { fontSize = 15 } };

    private static object[] Zoom(int[] xAxes) => [new { type = "inside", xAxisIndex = xAxes }, new { type = "slider", xAxisIndex = xAxes, height = 18, bottom = 8 }];

    private static object EpochAxis(int grid, string name = "epoch") => new { type = "value", gridIndex = grid, name, nameLocation = "middle", nameGap = 25, minInterval = 1 };

    private static object ValueAxis(string name, int grid = 0, bool bottom = false) =>
        new { type = "value", gridIndex = grid, name, nameLocation = bottom ? "middle" : "end", nameGap = bottom ? 30 : 15, scale = true };

    /// <param name="axes">The grid the line is drawn in, when a chart has several.</param>
    private static object Line(string name, IEnumerable<double?[]> data, int yAxis = 0, string symbol = "circle", bool step = false, bool dashed = false, int axes = 0) => new
    {
        type = "line",
        name,
        data,
        xAxisIndex = axes,
        yAxisIndex = axes == 0 ? yAxis : axes,
        symbol,
        symbolSize = 6,
        // Always: a trial stopped after one epoch has one point, which a line alone would not draw.
        showSymbol = !step,
        step = step ? "end" : null,
        lineStyle = dashed ? new { type = "dashed" } : null,
    };

    /// <summary>Scatter series, one per trial mark, each point named after its trial.</summary>
    private static IEnumerable<object> Marked(IEnumerable<(TrialRecord Trial, double X, double Y)> points) =>
        points.GroupBy(p => TrialMarks.Of(p.Trial.State)).OrderBy(g => TrialMarks.All.ToList().IndexOf(g.Key)).Select(g => new
        {
            type = "scatter",
            name = g.Key.Name,
            symbol = g.Key.Symbol,
            symbolSize = 9,
            itemStyle = new { color = g.Key.Colour },
            data = g.Select(p => new { name = TrialName(p.Trial), value = new[] { Finite(p.X), Finite(p.Y) } }),
        });

    private static string TrialName(TrialRecord trial) => trial.Label.Length <= 40 ? $"{trial.TrialId} {trial.Label}" : $"{trial.TrialId} {trial.Label[..37]}...";

    private static double?[] Point(double x, double y) => [x, Finite(y)];

    /// <summary>A diverged trial's NaN becomes a gap: JSON has no NaN.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
