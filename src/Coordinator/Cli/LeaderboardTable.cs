using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// The leaderboard as a terminal table: one column per varied parameter and one per metric shown,
/// every cell on one line (a number broken mid-digit misreads), so a trial of a random search fits
/// one line of a 160-column terminal.
/// </summary>
public static class LeaderboardTable
{
    /// <summary>The metrics every table shows; the one ranked by is added when it is not among them.</summary>
    private static readonly IReadOnlyList<MetricInfo> Shown = [MetricRegistry.ValAccuracy, MetricRegistry.TestAccuracy, MetricRegistry.TestLoss];

    public static void Write(IAnsiConsole console, SweepProgress sweep, IReadOnlyList<LeaderboardRow> rows, string metric, IReadOnlyList<string>? parameters = null)
    {
        console.MarkupLineInterpolated($"[bold]{sweep.Name}[/] ({sweep.SweepId}): {sweep.State}, {sweep.Done}/{sweep.Total} done; ranked by {metric}");
        console.Write(Build(rows, metric, parameters));
    }

    /// <param name="parameters">The varied parameters' paths; when null, those the rows override.</param>
    public static Table Build(IReadOnlyList<LeaderboardRow> rows, string metric, IReadOnlyList<string>? parameters = null)
    {
        var columns = ParameterColumns.Of(parameters ?? [.. rows.SelectMany(r => r.Overrides.Select(o => o.Key))]);
        var by = MetricRegistry.Get(metric);
        var metrics = Shown.Contains(by) ? Shown : [.. Shown, by];
        // Why trials ended is shown when a scheduler stopped some: otherwise the state says enough.
        var notes = rows.Any(r => r.State == TrialLifecycle.Stopped.Text());
        var table = new Table();
        Column(table, "rank", right: true);
        Column(table, "trial");
        foreach (var (_, header) in columns.Columns)
            Column(table, header, right: true);
        Column(table, "state");
        Column(table, "epochs", right: true);
        foreach (var m in metrics)
            Column(table, Header(m), right: true);
        Column(table, "node");
        if (notes)
            Column(table, "why it ended");
        foreach (var r in rows)
        {
            var values = r.Parameters ?? r.Overrides;
            List<string> cells = [r.Rank.ToString(CultureInfo.InvariantCulture), r.TrialId,
                .. columns.Columns.Select(c => ParameterColumns.Value(values[c.Path])),
                r.State, r.Epochs.ToString(CultureInfo.InvariantCulture),
                .. metrics.Select(m => Value(m, RowMetrics.Of(m, r))), r.Node ?? ""];
            if (notes)
                cells.Add(r.Note ?? "");
            table.AddRow(cells.Select(Cell));
        }
        return table;
    }

    /// <summary>A metric's column header: its name with spaces, "acc" for accuracy.</summary>
    public static string Header(MetricInfo metric) => metric.Name.Replace("accuracy", "acc").Replace('_', ' ');

    /// <summary>Accuracies as percentages, anything else to 4 significant digits.</summary>
    public static string Value(MetricInfo metric, double? value) =>
        metric.Name.EndsWith("accuracy", StringComparison.Ordinal) ? Numbers.Percent(value) : Numbers.Significant(value);

    private static void Column(Table table, string header, bool right = false)
    {
        var column = new TableColumn(header).NoWrap();
        table.AddColumn(right ? column.RightAligned() : column);
    }

    // Cells never wrap; a long one (a scheduler's reason) is cut with an ellipsis rather than taking more lines.
    private static IRenderable Cell(string text) => new Text(text) { Overflow = Overflow.Ellipsis };
}
