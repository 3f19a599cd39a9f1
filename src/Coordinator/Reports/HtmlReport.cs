using System.Globalization;
using System.Net;
using System.Text;

namespace SweepCluster.Coordinator.Reports;

/// <summary>The report as one self-contained HTML file: figures embedded as data URIs, no network, a few lines of script to sort tables.</summary>
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
        figure { margin: 1em 0; }
        img { max-width: 100%; }
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

    public static string Render(string title, IEnumerable<ReportBlock> blocks, string folder)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n");
        foreach (var block in blocks)
            html.Append(Render(block, folder)).Append('\n');
        html.Append("<script>\n").Append(SortScript).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Render(ReportBlock block, string folder) => block switch
    {
        Heading h => $"<h{h.Level}>{E(h.Text)}</h{h.Level}>",
        Paragraph p => $"<p>{E(p.Text)}</p>",
        Preformatted p => $"<pre>{E(p.Text)}</pre>",
        FigureBlock f => $"""<figure><img src="data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder, f.Figure.Png)))}" alt="{E(f.Figure.Title)}" width="{ReportFigures.Width}" height="{ReportFigures.Height}"><figcaption>{E(f.Figure.Title)} (<a href="{f.Figure.Png}">PNG</a>, <a href="{f.Figure.Svg}">SVG</a>)</figcaption></figure>""",
        TableBlock t => Table(t),
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "no HTML form"),
    };

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
