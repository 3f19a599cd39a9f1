namespace SweepCluster.Coordinator.Cli;

/// <summary>CSV fields quoted as RFC 4180 asks: only when they hold a comma, a quote or a line break.</summary>
public static class CsvText
{
    public static string Field(string text) =>
        text.Contains(',') || text.Contains('"') || text.Contains('\n') || text.Contains('\r') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Field));
}
