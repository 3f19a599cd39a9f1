namespace SweepCluster.Coordinator.Reports;

/// <summary>A part of a report, written the same way to HTML and Markdown.</summary>
public abstract record ReportBlock;

public sealed record Heading(int Level, string Text) : ReportBlock;

public sealed record Paragraph(string Text) : ReportBlock;

/// <summary>Preformatted text (the sweep file).</summary>
public sealed record Preformatted(string Text) : ReportBlock;

public sealed record FigureBlock(Figure Figure) : ReportBlock;

/// <param name="Sortable">The HTML version sorts by any column when its header is clicked.</param>
public sealed record TableBlock(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<Cell>> Rows, bool Sortable = false) : ReportBlock;

/// <summary>A table cell: its text, and the number it sorts by when it shows one.</summary>
public sealed record Cell(string Text, double? SortKey = null)
{
    public static implicit operator Cell(string text) => new(text);
}
