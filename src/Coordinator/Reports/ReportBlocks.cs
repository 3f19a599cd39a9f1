using System.Text.Json.Nodes;

namespace SweepCluster.Coordinator.Reports;

/// <summary>A part of a report, written the same way to HTML and Markdown.</summary>
public abstract record ReportBlock;

public sealed record Heading(int Level, string Text) : ReportBlock;

public sealed record Paragraph(string Text) : ReportBlock;

/// <summary>Preformatted text (the sweep file).</summary>
public sealed record Preformatted(string Text) : ReportBlock;

/// <summary>A figure: drawn from <paramref name="Chart"/> (an ECharts option) in the HTML, its PNG in the Markdown.</summary>
public sealed record FigureBlock(Figure Figure, JsonObject Chart) : ReportBlock;

/// <summary>A chart only the HTML draws (it needs interaction to be read, as parallel coordinates do).</summary>
public sealed record ChartBlock(string Name, string Title, JsonObject Chart) : ReportBlock;

/// <param name="Sortable">The HTML version sorts by any column when its header is clicked.</param>
public sealed record TableBlock(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<Cell>> Rows, bool Sortable = false) : ReportBlock;

/// <summary>A table cell: its text, and the number it sorts by when it shows one.</summary>
public sealed record Cell(string Text, double? SortKey = null)
{
    public static implicit operator Cell(string text) => new(text);
}
