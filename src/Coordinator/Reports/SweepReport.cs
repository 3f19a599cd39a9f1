namespace SweepCluster.Coordinator.Reports;

/// <summary>Where a report was written.</summary>
public sealed record ReportFiles(string Html, string Markdown, IReadOnlyList<Figure> Figures);

/// <summary>Writes a sweep's report into a folder: report.html (self-contained), report.md, figures/*.png and *.svg.</summary>
public static class SweepReport
{
    public static ReportFiles Write(ReportData data, string folder, IReadOnlyList<string> detailed, IReadOnlyList<TrialEmbedding> embeddings)
    {
        var figures = Path.Combine(folder, "figures");
        // A previous report's figures of trials that are gone must not be mistaken for this one's.
        if (Directory.Exists(figures))
            Directory.Delete(figures, recursive: true);
        Directory.CreateDirectory(figures);
        var blocks = new ReportBuilder(data, new ReportFigures(folder), detailed, embeddings).Build();
        var html = Path.Combine(folder, "report.html");
        var markdown = Path.Combine(folder, "report.md");
        File.WriteAllText(html, HtmlReport.Render($"Sweep {data.Sweep.Name} ({data.Sweep.SweepId})", blocks));
        File.WriteAllText(markdown, MarkdownReport.Render(blocks));
        return new ReportFiles(html, markdown, [.. blocks.OfType<FigureBlock>().Select(f => f.Figure)]);
    }
}
