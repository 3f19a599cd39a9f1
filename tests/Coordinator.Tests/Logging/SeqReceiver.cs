using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SweepCluster.Coordinator.Tests.Logging;

/// <summary>
/// What a Seq server does with Serilog.Sinks.Seq's requests, on 127.0.0.1: takes newline-delimited
/// CLEF at /api/events/raw, answers 201 (400 for a line that is not JSON), and, while
/// <see cref="Down"/>, 503 as a server in trouble would.
/// </summary>
public sealed class SeqReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SeqReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonObject> Events { get; } = new();

    public ConcurrentQueue<string?> ApiKeys { get; } = new();

    public volatile bool Down;

    public int Refused => _refused;

    private int _refused;

    public string Url => _app.Urls.Single();

    public static async Task<SeqReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new SeqReceiver(app);
        app.MapPost("/api/events/raw", receiver.Receive);
        await app.StartAsync();
        return receiver;
    }

    private async Task<IResult> Receive(HttpRequest request)
    {
        if (Down)
        {
            Interlocked.Increment(ref _refused);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        using var reader = new StreamReader(request.Body);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parsed = new List<JsonObject>();
        foreach (var line in lines)
        {
            if (JsonNode.Parse(line) is not JsonObject e)
                return Results.BadRequest();
            parsed.Add(e);
        }
        ApiKeys.Enqueue(request.Headers["X-Seq-ApiKey"].FirstOrDefault());
        foreach (var e in parsed)
            Events.Enqueue(e);
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
