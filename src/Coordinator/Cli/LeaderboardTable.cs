using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
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

    /// <summary>A column's border and the space on each side of its text.</summary>
    private const int Padding = 3;

    /// <summary>Below this a reason says nothing: a narrow terminal wraps the table rather than cut it further.</summary>
    private const int MinimumNote = 16;

    public static void Write(IAnsiConsole console, SweepProgress sweep, IReadOnlyList<LeaderboardRow> rows, string metric, IReadOnlyList<string>? parameters = null)
    {
        console.MarkupLineInterpolated($"[bold]{sweep.Name}[/] ({sweep.SweepId}): {sweep.State}, {sweep.Done}/{sweep.Total} done; ranked by {metric}");
        console.Write(Build(rows, metric, console.Profile.Width, parameters));
        console.WriteLine(Leaderboard.Rule(metric, rows));
    }

    /// <param name="width">The columns the table may take: a scheduler's reasons, the one long cell, are cut to fit.</param>
    /// <param name="parameters">The varied parameters' paths; when null, those the rows override.</param>
    public static Table Build(IReadOnlyList<LeaderboardRow> rows, string metric, int width, IReadOnlyList<string>? parameters = null)
    {
        var columns = ParameterColumns.Of(parameters ?? [.. rows.SelectMany(r => r.Overrides.Select(o => o.Key))]);
        var by = MetricRegistry.Get(metric);
        var metrics = Shown.Contains(by) ? Shown : [.. Shown, by];
        List<(string Header, bool Right)> headers = [("rank", true), ("trial", false), .. columns.Columns.Select(c => (c.Header, true)),
            ("state", false), ("epochs", true), .. metrics.Select(m => (Header(m), true)), ("node", false)];
        var cells = rows.Select(r =>
        {
            var values = r.Parameters ?? r.Overrides;
            return (List<string>)[r.Rank.ToString(CultureInfo.InvariantCulture) + (r.RankedBy is null ? "" : "*"), r.TrialId,
                .. columns.Columns.Select(c => ParameterColumns.Value(values[c.Path])),
                r.State, r.Epochs.ToString(CultureInfo.InvariantCulture),
                .. metrics.Select(m => Value(m, RowMetrics.Of(m, r))), r.Node ?? ""];
        }).ToList();
        // Why trials ended is shown when a scheduler stopped some (otherwise the state says enough), in what the other columns leave.
        if (rows.Any(r => r.State == TrialLifecycle.Stopped.Text()))
        {
            var used = Enumerable.Range(0, headers.Count).Sum(i => cells.Select(c => c[i].Length).Append(headers[i].Header.Length).Max() + Padding) + 1;
            var room = Math.Max(MinimumNote, width - used - Padding);
            headers.Add(("why it ended", false));
            for (var i = 0; i < rows.Count; i++)
                cells[i].Add(Cut(rows[i].Note ?? "", room));
        }
        var table = new Table();
        foreach (var (header, right) in headers)
        {
            var column = new TableColumn(header).NoWrap();
            table.AddColumn(right ? column.RightAligned() : column);
        }
        foreach (var row in cells)
            table.AddRow(row.Select(c => new Text(c)));
        return table;
    }

    /// <summary>A metric's column header: its name with spaces, "acc" for accuracy.</summary>
    public static string Header(MetricInfo metric) => metric.Name.Replace("accuracy", "acc").Replace('_', ' ');

    /// <summary>Accuracies as percentages, anything else to 4 significant digits.</summary>
    public static string Value(MetricInfo metric, double? value) =>
        metric.Name.EndsWith("accuracy", StringComparison.Ordinal) ? Numbers.Percent(value) : Numbers.Significant(value);

    private static string Cut(string text, int room) => text.Length <= room ? text : text[..(room - 1)] + "…";
}
