using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Charts;

namespace SweepCluster.Coordinator.Reports;

/// <summary>
/// The report as one self-contained HTML file: ECharts inlined once, each figure drawn from its option
/// embedded as JSON (no network, so it opens offline), a few lines of script to sort tables.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
        th { background: #f3f3f3; }
        table.sortable th { cursor: pointer; }
        table.sortable th[data-dir=asc]::after { content: " \25B2"; }
        table.sortable th[data-dir=desc]::after { content: " \25BC"; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1.5em 0; }
        div.chart { width: 100%; height: 520px; }
        pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }
        """;

    private const string SortScript = """
        for (const th of document.querySelectorAll("table.sortable th")) {
          th.addEventListener("click", () => {
            const body = th.closest("table").tBodies[0];
            const column = th.cellIndex;
            const ascending = th.dataset.dir !== "asc";
            for (const other of th.parentElement.children) delete other.dataset.dir;
            th.dataset.dir = ascending ? "asc" : "desc";
            const key = row => {
              const cell = row.cells[column];
              return cell.dataset.v === undefined ? cell.textContent : Number(cell.dataset.v);
            };
            const rows = [...body.rows].sort((a, b) => {
              const x = key(a), y = key(b);
              return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
            });
            for (const row of rows) body.appendChild(row);
          });
        }
        """;

    /// <summary>Counts script errors from the start, so a test (or a reader's console) sees any chart that failed.</summary>
    private const string ErrorScript = """
        var reportErrors = 0;
        document.documentElement.dataset.errors = 0;
        addEventListener("error", () => { document.documentElement.dataset.errors = ++reportErrors; });
        """;

    /// <summary>
    /// Draws each chart from the JSON beside it (SVG renderer: sharp at any zoom, and its elements can be
    /// counted), then records on its box what was drawn: series, data items, SVG shapes.
    /// </summary>
    private const string ChartScript = """
        const charts = [];
        for (const box of document.querySelectorAll("div.chart")) {
          try {
            const option = JSON.parse(box.nextElementSibling.textContent);
            const chart = echarts.init(box, null, { renderer: "svg" });
            chart.setOption(option);
            charts.push(chart);
            const series = chart.getOption().series;
            box.dataset.series = series.length;
            box.dataset.items = series.filter(s => s.type !== "line" || s.showSymbol).reduce((n, s) => n + s.data.length, 0);
            box.dataset.shapes = box.querySelectorAll("svg path, svg circle, svg rect, svg polyline, svg polygon").length;
          } catch (error) {
            box.dataset.failed = String(error);
            document.documentElement.dataset.errors = ++reportErrors;
          }
        }
        addEventListener("resize", () => charts.forEach(c => c.resize()));
        """;

    /// <summary>What script may embed: every &lt; escaped, so no text (a trial's label) can close the script element.</summary>
    private static readonly JsonSerializerOptions ChartJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(string title, IEnumerable<ReportBlock> blocks)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(title)}</title>\n<style>\n{Style}</style>\n<script>\n{ErrorScript}</script>\n</head>\n<body>\n");
        foreach (var block in blocks)
            html.Append(Render(block)).Append('\n');
        html.Append("<script>\n").Append(ChartLibrary.Script).Append("\n</script>\n");
        html.Append("<script>\n").Append(SortScript).Append(ChartScript).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Render(ReportBlock block) => block switch
    {
        Heading h => $"<h{h.Level}>{E(h.Text)}</h{h.Level}>",
        Paragraph p => $"<p>{E(p.Text)}</p>",
        Preformatted p => $"<pre>{E(p.Text)}</pre>",
        FigureBlock f => Chart(f.Figure.Name, f.Figure.Title, f.Chart, $""" (<a href="{f.Figure.Png}">PNG</a>, <a href="{f.Figure.Svg}">SVG</a>)"""),
        ChartBlock c => Chart(c.Name, c.Title, c.Chart, ""),
        TableBlock t => Table(t),
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "no HTML form"),
    };

    private static string Chart(string name, string title, JsonObject option, string links) =>
        $"""<figure><div class="chart" id="chart-{E(name)}" role="img" aria-label="{E(title)}"></div><script type="application/json">{ScriptJson(option)}</script><figcaption>{E(title)}{links}</figcaption></figure>""";

    internal static string ScriptJson(JsonNode node) => node.ToJsonString(ChartJson).Replace("<", "\\u003c", StringComparison.Ordinal);

    private static string Table(TableBlock table)
    {
        var html = new StringBuilder(table.Sortable ? "<table class=\"sortable\">" : "<table>");
        html.Append("<thead><tr>").AppendJoin("", table.Columns.Select(c => $"<th>{E(c)}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(cell.SortKey is { } key
                    ? $"<td class=\"n\" data-v=\"{key.ToString("R", CultureInfo.InvariantCulture)}\">{E(cell.Text)}</td>"
                    : $"<td>{E(cell.Text)}</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
