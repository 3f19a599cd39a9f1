using System.Text;
using System.Text.Json;
using SweepCluster.Coordinator.Tests.Api;
using SweepCluster.TestSupport;
using SweepCluster.TestSupport.Browser;

namespace SweepCluster.Coordinator.Tests.Dashboard;

/// <summary>The dashboard of a coordinator whose API needs a token: the page asks for it and then shows the data.</summary>
public sealed class TokenFormSpecs : IAsyncLifetime
{
    private readonly ApiHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_page_asks_for_the_token_and_shows_the_sweeps_once_given_it()
    {
        using var client = _host.Client();
        var yaml = new TinySweep("guarded").Yaml();
        (await client.PostAsync("api/v1/sweeps?file=guarded.yaml", new StringContent(yaml, Encoding.UTF8, "application/yaml"))).EnsureSuccessStatusCode();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.NavigateAsync(new Uri(_host.Url, "ui/").AbsoluteUri);
        await page.WaitForAsync("document.querySelector('.token-form') !== null", TimeSpan.FromSeconds(30), "no token form");
        await page.EvaluateAsync("document.querySelector('#token').value = 'wrong'; document.querySelector('.token-form').requestSubmit()");
        await page.WaitForAsync("document.querySelector('.token-form p')?.textContent.includes('refused')", TimeSpan.FromSeconds(30), "a wrong token was not refused");
        await page.EvaluateAsync($"document.querySelector('#token').value = '{ApiHost.Token}'; document.querySelector('.token-form').requestSubmit()");
        await page.WaitForAsync("document.body.dataset.ready === 'sweeps'", TimeSpan.FromSeconds(30), "the sweeps never showed");

        var shown = await page.EvaluateAsync("document.querySelector('[data-table=sweeps] tbody').textContent");
        Assert.Contains("guarded-", shown.GetString());
        Assert.Equal(JsonValueKind.Null, (await page.EvaluateAsync("document.querySelector('.token-form')")).ValueKind);
        // The browser logs each refused request; nothing else may go wrong.
        Assert.All(page.Errors, e => Assert.Contains("401", e));
    }
}
