using System.Net;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>The dashboard's pages on the API's port, and what they read: curves, timeline, nodes; from a coordinator, and read-only from a store.</summary>
public sealed class DashboardServingSpecs(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task The_pages_are_served_without_the_token_on_the_api_port_alone_with_a_policy_that_runs_only_their_own_scripts()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Url };
        var root = await anonymous.GetAsync("");
        Assert.Equal((HttpStatusCode.Redirect, "/ui/"), (root.StatusCode, root.Headers.Location?.OriginalString));
        Assert.Equal("/ui/", (await anonymous.GetAsync("ui")).Headers.Location?.OriginalString);

        var page = await anonymous.GetAsync("ui/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<script src=\"echarts.min.js\"></script>", await page.Content.ReadAsStringAsync());
        var charts = await anonymous.GetAsync("ui/echarts.min.js");
        Assert.Equal("text/javascript", charts.Content.Headers.ContentType?.MediaType);
        Assert.True((await charts.Content.ReadAsByteArrayAsync()).Length > 500_000);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("ui/..%2F..%2Fetc%2Fpasswd")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("ui/missing.js")).StatusCode);
        // The data behind them needs the token; the health port serves no page.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"http://127.0.0.1:{host.HealthPort}/ui/")).StatusCode);
    }

    [Fact]
    public async Task A_queued_sweep_has_empty_curves_a_timeline_that_starts_with_its_submission_and_no_node_at_work()
    {
        using var client = host.Client();
        var submitted = await client.PostAsync("api/v1/sweeps?file=queued.yaml", new StringContent(new TinySweep("dashboard-queued") { Seed = 5 }.Yaml(), System.Text.Encoding.UTF8, "application/yaml"));
        var sweepId = (string)JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["sweep_id"]!;

        var curves = JsonNode.Parse(await client.GetStringAsync($"api/v1/sweeps/{sweepId}/curves"))!;
        Assert.Equal(2, curves["trials"]!.AsArray().Count);
        Assert.All(curves["trials"]!.AsArray(), t => Assert.Empty(t!["history"]!.AsArray()));
        Assert.True((long)curves["event_id"]! >= 1);
        var timeline = JsonNode.Parse(await client.GetStringAsync($"api/v1/sweeps/{sweepId}/timeline"))!["entries"]!.AsArray();
        Assert.Equal("sweep-submitted", (string?)timeline[0]!["type"]);
        Assert.Equal("[]", await client.GetStringAsync("api/v1/nodes"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/v1/sweeps/ghost-0123abcd/curves")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/v1/sweeps/..%2Fx/timeline")).StatusCode);
    }

    [Fact]
    public async Task Served_from_a_store_alone_the_api_reads_everything_and_changes_nothing()
    {
        using var coordinator = host.Client();
        var submitted = await coordinator.PostAsync("api/v1/sweeps?file=read.yaml", new StringContent(new TinySweep("dashboard-read") { Seed = 6 }.Yaml(), System.Text.Encoding.UTF8, "application/yaml"));
        var sweepId = (string)JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["sweep_id"]!;
        var settings = new SweepSettings
        {
            Store = new StoreSettings { Database = Path.Combine(host.Folder, "sweeps.db"), Checkpoints = Path.Combine(host.Folder, "checkpoints") },
            Api = new ApiSettings { Port = SweepChildren.FreePort() },
        };
        await using var session = await StoreAccess.OpenAsync(settings);
        var server = new ApiServer(settings.Api, new SweepService(() => new SweepBackend(session.Projection, Broker: null), settings));
        await using var http = await HealthServer.StartAsync(port: null, () => true, () => true, server);
        using var client = new HttpClient { BaseAddress = new Uri(server.Root) };

        Assert.Contains(sweepId, await client.GetStringAsync("api/v1/sweeps"));
        Assert.Contains("\"entries\"", await client.GetStringAsync($"api/v1/sweeps/{sweepId}/timeline"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("ui/")).StatusCode);
        var refused = await client.PostAsync("api/v1/sweeps?file=x.yaml", new StringContent(new TinySweep("refused").Yaml(), System.Text.Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Contains("sweep ui", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync($"api/v1/sweeps/{sweepId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync($"api/v1/sweeps/{sweepId}/resume", null)).StatusCode);
        Assert.Equal("running", (string?)JsonNode.Parse(await coordinator.GetStringAsync($"api/v1/sweeps/{sweepId}"))!["sweep"]!["state"]);
    }
}
