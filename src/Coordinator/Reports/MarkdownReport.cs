using System.Text;

namespace SweepCluster.Coordinator.Reports;

/// <summary>The report as Markdown, with the figures linked beside it.</summary>
public static class MarkdownReport
{
    public static string Render(IEnumerable<ReportBlock> blocks) =>
        string.Join("\n\n", blocks.Select(Render)) + "\n";

    private static string Render(ReportBlock block) => block switch
    {
        Heading h => $"{new string('#', h.Level)} {h.Text}",
        Paragraph p => p.Text,
        Preformatted p => $"```yaml\n{p.Text.TrimEnd()}\n```",
        FigureBlock f => $"![{AltText(f.Figure.Title)}]({f.Figure.Png})\n\n[SVG]({f.Figure.Svg})",
        ChartBlock c => $"*{c.Title}: an interactive chart in report.html.*",
        TableBlock t => Table(t),
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "no Markdown form"),
    };

    private static string Table(TableBlock table)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", table.Columns.Select(Escape)).Append(" |\n");
        text.Append('|').AppendJoin("|", table.Columns.Select(_ => "---")).Append("|\n");
        foreach (var row in table.Rows)
            text.Append("| ").AppendJoin(" | ", row.Select(c => Escape(c.Text))).Append(" |\n");
        return text.ToString().TrimEnd();
    }

    /// <summary>Paths such as blocks[0] would end the image's text early.</summary>
    private static string AltText(string title) => title.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
