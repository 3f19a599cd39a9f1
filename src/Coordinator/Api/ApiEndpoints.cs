using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Api;

/// <summary>The routes of <c>/api/v1</c>: each reads its request, asks <see cref="SweepService"/> and writes the document.</summary>
public static class ApiEndpoints
{
    public const string Version = "v1";
    public const string Prefix = "/api/" + Version;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];
    private static readonly JsonSerializerOptions Json = new(SpecJson.Options) { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Describe(OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info.Title = "SweepCluster coordinator API";
        document.Info.Version = Version;
        document.Info.Description = "Submit, follow and query a cluster's sweeps. Send Authorization: Bearer TOKEN when the coordinator has a token.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The coordinator's token (Api:TokenFile); required when it has one.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
        return Task.CompletedTask;
    });

    public static void Map(WebApplication app, SweepService service)
    {
        app.MapOpenApi("/api/{documentName}/openapi.json");
        var api = app.MapGroup(Prefix);
        api.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/sweeps", (HttpRequest request, string? file) => Submit(request, file, service))
            .Accepts<SubmitSweepRequest>("application/json", [.. YamlTypes])
            .Produces<SweepDocument>(StatusCodes.Status201Created).Produces<SweepDocument>()
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
            .WithSummary("Submit a sweep file: its text as application/yaml (name it with ?file=), or JSON {file, text}. The same file again answers with the same sweep.");
        api.MapGet("/sweeps", async () => Results.Json(await service.SweepsAsync(), Json))
            .Produces<SweepDocument[]>().WithSummary("Every sweep, oldest first.");
        api.MapGet("/sweeps/{id}", async (string id) => Results.Json(await service.StatusAsync(id), Json))
            .Produces<SweepStatus>().ProducesProblem(400).ProducesProblem(404).WithSummary("A sweep's progress by state, its running trials with their latest epoch, and the time left.");
        api.MapGet("/sweeps/{id}/trials", async (string id, string? metric, int? top, string? state) =>
                Results.Json(await service.LeaderboardAsync(id, metric, top, state), Json))
            .Produces<LeaderboardDocument>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The leaderboard: trials ranked by metric (test_accuracy by default), the best top, only those in state; each row has every varied parameter.");
        api.MapGet("/sweeps/{id}/groups", async (string id, string? by, string? metric) => Results.Json(await service.GroupsAsync(id, by, metric), Json))
            .Produces<GroupTable>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(422)
            .WithSummary("The metric grouped by one varied factor (a dotted path, or 'variants'): mean, std and the difference to the base.");
        api.MapGet("/trials/{id}", async (string id) => Results.Json(await service.TrialAsync(id), Json))
            .Produces<TrialDocument>().ProducesProblem(400).ProducesProblem(404).WithSummary("One trial: spec, epochs, outcome with its class report, node and attempts.");
        api.MapPost("/sweeps/{id}/cancel", async (string id) => Results.Json(await service.CancelAsync(id), Json))
            .Produces<SweepDocument>().ProducesProblem(400).ProducesProblem(404).WithSummary("Cancel a sweep for good: finished trials are kept. Answers once it has ended (or after 30 s).");
        api.MapPost("/sweeps/{id}/resume", async (string id, bool? allow_changed_data) => Results.Json(await service.ResumeAsync(id, allow_changed_data ?? false), Json))
            .Produces<SweepDocument>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Have the cluster run a stopped sweep, and its trials that failed through no fault of their own, again. Data changed since submission is refused (409, naming what changed) unless allow_changed_data=true.");
        api.MapGet("/sweeps/{id}/report", async (string id, string? metric, string? format) => await Report(service, id, metric, format))
            .Produces(200, contentType: "text/html", additionalContentTypes: "application/zip").ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The sweep's report built on the coordinator: self-contained HTML, or with format=zip the HTML, Markdown and every figure (PNG, SVG).");
        api.MapGet("/sweeps/{id}/events", (HttpContext context, string id, long? after) => Events(context, service, id, after))
            .Produces(200, contentType: "text/event-stream").ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Server-Sent Events of the sweep as it runs, each with its journal sequence number as id: reconnect with Last-Event-ID (or ?after=) to miss nothing and see nothing twice. Ends after the event that ends the sweep.");
        api.MapGet("/sweeps/{id}/curves", async (string id) => Results.Json(await service.CurvesAsync(id), Json))
            .Produces<CurvesDocument>().ProducesProblem(400).ProducesProblem(404).WithSummary("Every trial's learning curve: its recorded epochs, in plan order.");
        api.MapGet("/sweeps/{id}/timeline", async (string id) => Results.Json(await service.TimelineAsync(id), Json))
            .Produces<TimelineDocument>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The sweep's dispatches, ends and decisions (scheduler stops, PBT exploits, requeues, stages started from their winners), oldest first, epochs aside.");
        api.MapGet("/sweeps/{id}/analysis", async (string id, string? metric) => Results.Json(await service.AnalysisAsync(id, metric), Json))
            .Produces<AnalysisDocument>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("What the search learned by a metric (val_accuracy by default): each varied parameter's scale, the best so far in the order trials ended, and parameter importance (PED-ANOVA).");
        api.MapGet("/nodes", async () => Results.Json(await service.NodesAsync(), Json))
            .Produces<NodeDocument[]>().WithSummary("The nodes training trials now: their trials, slots in use, fused groups and images per second.");
    }

    private static async Task<IResult> Submit(HttpRequest request, string? file, SweepService service)
    {
        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        string? name;
        string? text;
        if (media is "application/json")
        {
            SubmitSweepRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<SubmitSweepRequest>(request.Body, Json);
            }
            catch (JsonException e)
            {
                throw ApiProblem.Invalid($"The body is not the JSON of a submission {{\"file\": NAME, \"text\": SWEEP FILE}}: {e.Message}");
            }
            (name, text) = (body?.File, body?.Text);
        }
        else if (YamlTypes.Contains(media))
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            try
            {
                text = await reader.ReadToEndAsync();
            }
            catch (DecoderFallbackException)
            {
                throw ApiProblem.Invalid("The sweep file is not UTF-8 text.");
            }
            name = file ?? "sweep.yaml";
        }
        else
        {
            throw new ApiProblem(415, "Unsupported media type", $"Send the sweep file as application/yaml (its text; name it with ?file=) or as application/json {{\"file\", \"text\"}}; got '{request.ContentType}'.");
        }
        var (sweep, created) = await service.SubmitAsync(name, text);
        return created ? Results.Json(sweep, Json, statusCode: StatusCodes.Status201Created) : Results.Json(sweep, Json);
    }

    private static async Task<IResult> Report(SweepService service, string id, string? metric, string? format)
    {
        var zip = format switch
        {
            null or "html" => false,
            "zip" => true,
            _ => throw ApiProblem.Invalid($"format must be html or zip; got '{format}'."),
        };
        var bytes = await service.ReportAsync(id, metric, zip);
        return zip ? Results.File(bytes, "application/zip", $"{id}-report.zip") : Results.Bytes(bytes, "text/html; charset=utf-8");
    }

    private static async Task Events(HttpContext context, SweepService service, string id, long? after)
    {
        var from = LastEventId(context.Request) ?? after ?? 0;
        if (from < 0)
            throw ApiProblem.Invalid($"after must be 0 or more (an event id); got {from}.");
        var live = await service.OpenEventsAsync(id);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx ingress: pass events on as they come
        await response.Body.FlushAsync(context.RequestAborted);
        await using var events = service.EventsAsync(id, from, live, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        var next = events.MoveNextAsync().AsTask();
        var beat = Task.Delay(Heartbeat, context.RequestAborted);
        while (true)
        {
            if (await Task.WhenAny(next, beat) == beat)
            {
                // A comment line: keeps proxies from closing a stream with nothing to say.
                await response.WriteAsync(": keep-alive\n\n", context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
                beat = Task.Delay(Heartbeat, context.RequestAborted);
                continue;
            }
            if (!await next)
                return;
            var e = events.Current;
            await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {e.Id}\nevent: {e.Type}\ndata: {e.Data.ToJsonString(Json)}\n\n"), context.RequestAborted);
            next = events.MoveNextAsync().AsTask();
            // Events already at hand go out in one write.
            if (!next.IsCompleted)
                await response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static long? LastEventId(HttpRequest request) =>
        request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header
            ? long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw ApiProblem.Invalid($"Last-Event-ID must be an event id (a whole number); got '{header}'.")
            : null;
}
