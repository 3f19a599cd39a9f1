using System.Text.Json;
using SweepCluster.TestSupport.Browser;

namespace SweepCluster.Coordinator.Tests.Dashboard;

/// <summary>What the tests read from a dashboard page, by script in the page.</summary>
internal static class PageProbes
{
    /// <summary>Each chart's name, its series count as ECharts holds it, and how many canvas pixels differ from the first (0: blank).</summary>
    private const string Charts = """
        [...document.querySelectorAll('[data-chart]')].map(box => {
          const chart = echarts.getInstanceByDom(box);
          const canvas = box.querySelector('canvas');
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let differ = 0;
          for (let i = 4; i < pixels.length; i += 4)
            if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2] || pixels[i + 3] !== pixels[3]) differ++;
          return { name: box.dataset.chart, series: chart ? chart.getOption().series.length : -1, differ };
        })
        """;

    public static void AssertNoErrors(BrowserPage page) =>
        Assert.True(page.Errors.Count == 0, "the page reported errors:\n" + string.Join("\n", page.Errors));

    public static async Task<BrowserPage> OpenAsync(HeadlessBrowser browser, string url, string ready)
    {
        var page = await browser.NewPageAsync();
        await page.NavigateAsync(url);
        await page.WaitForAsync($"document.body.dataset.ready === '{ready}'", TimeSpan.FromSeconds(30), $"{url} never became ready");
        return page;
    }

    public static async Task<IReadOnlyList<(string Name, int Series, int Differ)>> ChartsAsync(BrowserPage page) =>
        [.. (await page.EvaluateAsync(Charts)).EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("series").GetInt32(), c.GetProperty("differ").GetInt32()))];

    /// <summary>The text of one column of the trials table, top to bottom, as shown.</summary>
    public static async Task<IReadOnlyList<string>> ColumnAsync(BrowserPage page, string key) =>
        [.. (await page.EvaluateAsync($$"""
            (() => {
              const index = [...document.querySelectorAll('[data-table=trials] thead tr:first-child th')].findIndex(th => th.dataset.key === '{{key}}');
              return [...document.querySelectorAll('[data-table=trials] tbody tr')].map(row => row.children[index].textContent);
            })()
            """)).EnumerateArray().Select(v => v.GetString()!)];

    public static Task ClickHeaderAsync(BrowserPage page, string key) =>
        page.EvaluateAsync($"document.querySelector('[data-table=trials] th[data-key=\"{key}\"]').click()");

    public static Task FilterAsync(BrowserPage page, string key, string text) =>
        page.EvaluateAsync($$"""
            (() => {
              const input = document.querySelector('[data-table=trials] input[data-key="{{key}}"]');
              input.value = {{JsonSerializer.Serialize(text)}};
              input.dispatchEvent(new Event('input'));
            })()
            """);
}
