using System.Net;
using System.Text.Json.Nodes;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>The OpenAPI document describes exactly the operations served.</summary>
public sealed class OpenApiSpecs(ApiHost host) : IClassFixture<ApiHost>
{
    private static readonly string[] Operations =
    [
        "GET /api/v1/sweeps", "POST /api/v1/sweeps", "GET /api/v1/sweeps/{id}", "GET /api/v1/sweeps/{id}/trials", "GET /api/v1/sweeps/{id}/groups",
        "GET /api/v1/trials/{id}", "POST /api/v1/sweeps/{id}/cancel", "POST /api/v1/sweeps/{id}/resume", "GET /api/v1/sweeps/{id}/report",
        "GET /api/v1/sweeps/{id}/events", "GET /api/v1/sweeps/{id}/curves", "GET /api/v1/sweeps/{id}/timeline", "GET /api/v1/sweeps/{id}/analysis", "GET /api/v1/nodes",
    ];

    [Fact]
    public async Task The_document_lists_every_operation_served_and_each_listed_one_is_routed()
    {
        using var client = host.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("api/v1/openapi.json"))!;

        var listed = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}")).Order().ToList();

        Assert.Equal(Operations.Order(), listed);
        Assert.Equal("v1", (string?)document["info"]!["version"]);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
        foreach (var operation in listed)
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1].Replace("{id}", "ghost-0123abcd").TrimStart('/'));
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            // An unknown sweep or trial, or a body left out: never the router's "no such route".
            Assert.True(response.StatusCode != HttpStatusCode.MethodNotAllowed && (response.StatusCode != HttpStatusCode.NotFound || (await response.Content.ReadAsStringAsync()).Contains("Unknown")),
                $"{operation}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
