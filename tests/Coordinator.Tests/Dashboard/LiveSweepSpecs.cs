using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport.Browser;

namespace SweepCluster.Coordinator.Tests.Dashboard;

/// <summary>The sweep page of a sweep that `sweep run` is training, served by `sweep ui` over the same store.</summary>
public sealed class LiveSweepSpecs : IDisposable
{
    private const string States = "[...document.querySelectorAll('[data-table=trials] tbody tr')].map(r => r.children[3].textContent)";

    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    [Fact]
    public async Task The_page_shows_a_trial_that_finishes_after_it_loaded_without_a_reload()
    {
        var run = _children.Sweep("run", _children.WriteSweepFile("live", trials: 3, epochs: 4));
        var sweepId = (await run.StandardOutput.ReadLineAsync())!.Trim();
        // `sweep ui` opens the store the run creates: once the sweep is recorded there.
        await _children.WaitFor(sweepId, run, _ => true);
        var root = await DashboardServer.StartAsync(_children);
        await using var browser = await HeadlessBrowser.LaunchAsync();

        var page = await PageProbes.OpenAsync(browser, DashboardServer.Page(root, $"#/sweeps/{sweepId}"), "sweep");
        await page.EvaluateAsync("window.loadedOnce = 'kept'");
        var atLoad = (await page.EvaluateAsync(States)).EnumerateArray().Count(s => s.GetString() == "completed");
        Assert.True(atLoad < 3, "the sweep finished before the page loaded: nothing left to see arrive");

        await page.WaitForAsync($"window.loadedOnce === 'kept' && {States}.filter(s => s === 'completed').length > {atLoad}",
            TimeSpan.FromMinutes(3), "the page never showed another trial completed");
        var (code, _, errors) = await SweepChildren.Finish(run, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, errors);
        await page.WaitForAsync($"window.loadedOnce === 'kept' && {States}.every(s => s === 'completed') && document.querySelector('.summary .state').textContent === 'completed'",
            TimeSpan.FromMinutes(1), "the page never showed the sweep completed");
        var curves = (await PageProbes.ChartsAsync(page)).Single(c => c.Name == "curves");
        Assert.Equal(3, curves.Series);
        PageProbes.AssertNoErrors(page);
    }
}
