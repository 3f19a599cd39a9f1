using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SweepCluster.Coordinator.Charts;
using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Coordinator.Tests.Reports;

public sealed partial class HtmlReportSpecs
{
    private const string Attack = "</script><script>document.title='broken'</script><!--";

    [Fact]
    public void Text_in_a_chart_cannot_close_its_script_and_text_elsewhere_is_escaped()
    {
        var chart = EChartsFigures.Importance([(Attack, 1.0)]);

        var html = HtmlReport.Render(Attack, [new Heading(2, Attack), new ChartBlock("importance", Attack, chart)]);

        // Errors, the chart's JSON, ECharts and the page's script: each closes once, and nothing else does.
        Assert.Equal(4, ScriptEnd().Count(html));
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        var json = OptionJson().Match(html).Groups[1].Value;
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.Equal(Attack, JsonNode.Parse(json)!["yAxis"]!["data"]![0]!.GetValue<string>());
    }

    [Fact]
    public void The_chart_library_is_inlined_once()
    {
        var html = HtmlReport.Render("t", [new ChartBlock("a", "a", EChartsFigures.Importance([("x", 1)])), new ChartBlock("b", "b", EChartsFigures.Importance([("y", 2)]))]);

        Assert.Equal(1, Regex.Count(html, Regex.Escape(ChartLibrary.Script[..200])));
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<div class=\"chart\""));
    }

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();

    [GeneratedRegex("<script type=\"application/json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex OptionJson();
}
