using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>The live table of a sweep's progress: a header with the totals and ETA, a row per trial that fits the screen.</summary>
public static class ProgressTable
{
    /// <summary>Lines the header, the table's borders and its column titles take.</summary>
    private const int Chrome = 6;

    public static IRenderable Build(ProgressBoard board, int height)
    {
        var header = new Text(Header(board));
        var columns = ParameterColumns.Of(board.Parameters);
        var table = new Table();
        table.AddColumn(new TableColumn("trial").NoWrap());
        foreach (var (_, name) in columns.Columns)
            table.AddColumn(new TableColumn(name).NoWrap().RightAligned());
        foreach (var name in new[] { "epoch", "train loss", "val acc", "val loss" })
            table.AddColumn(new TableColumn(name).NoWrap().RightAligned());
        table.AddColumn(new TableColumn("state").NoWrap());
        table.AddColumn(new TableColumn("eta").NoWrap().RightAligned());
        var pace = board.SecondsPerEpoch;
        foreach (var row in board.Visible(height - Chrome))
        {
            var m = row.Latest;
            List<string> cells = [row.TrialId,
                .. columns.Columns.Select(c => row.Overrides.TryGetValue(c.Path, out var v) ? ParameterColumns.Value(JsonNode.Parse(v)) : ""),
                $"{(m?.Epoch ?? 0).ToString(CultureInfo.InvariantCulture)}/{row.Epochs.ToString(CultureInfo.InvariantCulture)}",
                Numbers.Significant(m?.TrainLoss), Numbers.Percent(m?.ValAccuracy), Numbers.Significant(m?.ValLoss),
                row.State.Text(), row.State == TrialLifecycle.Running && row.Eta(pace) is { } eta ? Numbers.Duration(eta) : ""];
            table.AddRow(cells.Select(c => (IRenderable)new Text(c) { Overflow = Overflow.Ellipsis }));
        }
        return new Rows(header, table);
    }

    /// <summary>"name (id): 3/8 done, 2 running, 0 failed, ETA 0:45".</summary>
    public static string Header(ProgressBoard board) =>
        $"{board.Name} ({board.SweepId}): {board.Done}/{board.Total} done, {board.Running} running, {board.Failed} failed"
        + (board.Eta is { } eta ? $", ETA {Numbers.Duration(eta)}" : "");
}
