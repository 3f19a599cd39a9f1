using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Api;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>Hostile and malformed requests through HTTP: each answered with its status and a problem document, and the API goes on serving.</summary>
public sealed class ApiServerSpecs(ApiHost host) : IClassFixture<ApiHost>
{
    private static readonly string SweepFile = new TinySweep("api-served") { Seed = 3 }.Yaml();

    private static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.DoesNotContain("   at ", text); // never a stack trace
        return problem;
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [Fact]
    public async Task Without_the_token_or_with_a_wrong_one_every_api_request_is_refused_but_health_and_metrics_are_served()
    {
        using var anonymous = new HttpClient { BaseAddress = host.Url };
        var refused = await Problem(await anonymous.GetAsync("api/v1/sweeps"), HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", (string?)refused["detail"]);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "api/v1/sweeps") { Content = Yaml(SweepFile) };
        wrong.Headers.Authorization = new("Bearer", ApiHost.Token + "x");
        var response = await anonymous.SendAsync(wrong);
        await Problem(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await Problem(await anonymous.GetAsync("api/v1/openapi.json"), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"http://127.0.0.1:{host.HealthPort}/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"http://127.0.0.1:{host.HealthPort}/metrics")).StatusCode);
        // The API is not on the health port, token or not; health and metrics are not on the API's, which may face the internet.
        using var client = host.Client();
        await Problem(await client.GetAsync($"http://127.0.0.1:{host.HealthPort}/api/v1/sweeps"), HttpStatusCode.NotFound);
        await Problem(await client.GetAsync("metrics"), HttpStatusCode.NotFound);
        await Problem(await client.GetAsync("healthz/live"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_requests_are_refused_with_what_is_wrong_and_a_normal_submit_is_served_after_them()
    {
        using var client = host.Client();

        var broken = await Problem(await client.PostAsync("api/v1/sweeps?file=broken.yaml", Yaml("name: broken\nmodel: [unclosed\n")), HttpStatusCode.UnprocessableEntity);
        var error = broken["errors"]!.AsArray().First()!;
        Assert.Equal("broken.yaml", (string?)error["file"]);
        Assert.True((int)error["line"]! >= 2, error.ToJsonString());
        Assert.NotNull(error["column"]);
        Assert.NotNull(error["message"]);
        var invalid = await Problem(await client.PostAsync("api/v1/sweeps?file=bad.yaml", Yaml(SweepFile.Replace("filters: 4", "filters: -4"))), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("filters", invalid["errors"]!.ToJsonString());

        // As curl sends a large body: announced first (Expect: 100-continue), refused before it is sent.
        using var huge = new HttpRequestMessage(HttpMethod.Post, "api/v1/sweeps") { Content = new ByteArrayContent(new byte[10 * 1024 * 1024]) };
        huge.Content.Headers.ContentType = new("application/yaml");
        huge.Headers.ExpectContinue = true;
        Assert.Contains("limit", (string?)(await Problem(await client.SendAsync(huge), HttpStatusCode.RequestEntityTooLarge))["detail"]);
        var tooLong = await Problem(await client.PostAsync("api/v1/sweeps", Yaml(new string('#', SweepService.MaxSourceLength + 1))), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("limited to 524,288", (string?)tooLong["detail"]);

        await Problem(await client.PostAsync("api/v1/sweeps", new StringContent("{\"file\": \"a.yaml\", \"text\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem(await client.PostAsync("api/v1/sweeps", new StringContent("{\"file\": 3}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem(await client.PostAsync("api/v1/sweeps", new StringContent(SweepFile, Encoding.UTF8, "application/xml")), HttpStatusCode.UnsupportedMediaType);
        await Problem(await client.PostAsync("api/v1/sweeps?file=%1B%5B2Jevil.yaml", Yaml(SweepFile)), HttpStatusCode.BadRequest); // a terminal escape in its name
        Assert.Contains("not a sweep id", (string?)(await Problem(await client.GetAsync("api/v1/sweeps/..%2F..%2Fetc%2Fpasswd"), HttpStatusCode.BadRequest))["detail"]);
        await Problem(await client.PostAsync("api/v1/sweeps/..%2Fx-0000000a/cancel", null), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync("api/v1/trials/..%2F..%2Fetc"), HttpStatusCode.BadRequest);
        Assert.Contains("No sweep 'ghost-0123abcd'", (string?)(await Problem(await client.GetAsync("api/v1/sweeps/ghost-0123abcd/trials"), HttpStatusCode.NotFound))["detail"]);
        await Problem(await client.GetAsync("api/v1/sweeps/ghost-0123abcd/events"), HttpStatusCode.NotFound);
        await Problem(await client.GetAsync("api/v1/trials/0123456789ab"), HttpStatusCode.NotFound);
        await Problem(await client.GetAsync("api/v1/no-such-thing"), HttpStatusCode.NotFound);
        await Problem(await client.DeleteAsync("api/v1/sweeps"), HttpStatusCode.MethodNotAllowed);

        var created = await client.PostAsync("api/v1/sweeps?file=served.yaml", Yaml(SweepFile));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sweep = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal(("running", 2, "served.yaml"), ((string?)sweep["state"], (int)sweep["trials_total"]!, (string?)sweep["file"]));
        foreach (var resubmitted in new[]
        {
            new StringContent(new JsonObject { ["file"] = "again.yaml", ["text"] = SweepFile }.ToJsonString(), Encoding.UTF8, "application/json"),
            new StringContent(SweepFile, Encoding.UTF8, "text/plain"),
            new StringContent(SweepFile, Encoding.UTF8, "text/yaml"),
        })
        {
            var again = await client.PostAsync("api/v1/sweeps", resubmitted);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal((string?)sweep["sweep_id"], (string?)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["sweep_id"]);
        }
        var board = JsonNode.Parse(await client.GetStringAsync($"api/v1/sweeps/{sweep["sweep_id"]}/trials?top=1"))!;
        Assert.Single(board["rows"]!.AsArray());
        Assert.Equal(["training.optimizer.learning_rate"], board["parameters"]!.AsArray().Select(p => (string?)p));
        Assert.NotNull(board["rows"]![0]!["parameters"]!["training.optimizer.learning_rate"]);
        await Problem(await client.GetAsync($"api/v1/sweeps/{sweep["sweep_id"]}/trials?metric=accuracy_of_vibes"), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync($"api/v1/sweeps/{sweep["sweep_id"]}/trials?state=sleeping"), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync($"api/v1/sweeps/{sweep["sweep_id"]}/trials?top=0"), HttpStatusCode.BadRequest);
        using var badResume = new HttpRequestMessage(HttpMethod.Get, $"api/v1/sweeps/{sweep["sweep_id"]}/events");
        badResume.Headers.Add("Last-Event-ID", "; DROP TABLE");
        await Problem(await client.SendAsync(badResume), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_client_that_stalls_in_its_headers_is_cut_off_while_others_are_served()
    {
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, host.Port);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/v1/sweeps HTTP/1.1\r\nHost: x\r\n"));

        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/sweeps")).StatusCode);
        // Kestrel's header timeout (10 s here) answers 408 and closes: the connection is not held for good.
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var read = 0;
        var answer = new StringBuilder();
        while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        Assert.StartsWith("HTTP/1.1 408", answer.ToString());
    }

    [Fact]
    public async Task A_sweep_cancelled_over_http_ends_and_is_not_resumed()
    {
        using var client = host.Client();
        var created = await client.PostAsync("api/v1/sweeps?file=doomed.yaml", Yaml(new TinySweep("api-doomed") { Seed = 5 }.Yaml()));
        var sweepId = (string?)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["sweep_id"];

        var cancelled = JsonNode.Parse(await (await client.PostAsync($"api/v1/sweeps/{sweepId}/cancel", null)).Content.ReadAsStringAsync())!;
        var events = await client.GetStringAsync($"api/v1/sweeps/{sweepId}/events");

        Assert.Equal("cancelled", (string?)cancelled["state"]);
        Assert.EndsWith("event: sweep-cancelled", events.TrimEnd().Split('\n')[^2]);
        var refused = await Problem(await client.PostAsync($"api/v1/sweeps/{sweepId}/resume", null), HttpStatusCode.Conflict);
        Assert.Contains("does not run again", (string?)refused["detail"]);
        // A follower that already saw the end is told so by an empty stream, and stops.
        await using var follower = new CoordinatorClient([host.Url], ApiHost.Token, authority: null);
        var last = long.Parse(events.Split('\n').Last(l => l.StartsWith("id: "))[4..]);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var after = new List<SweepEventDocument>();
        await foreach (var e in follower.EventsAsync(sweepId!, last, limit.Token))
            after.Add(e);
        Assert.Empty(after);
    }
}
