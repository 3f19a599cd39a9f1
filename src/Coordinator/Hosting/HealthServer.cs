using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The HTTP side of a long-running process, as Kubernetes and Prometheus expect it:
/// <c>/healthz/live</c> (the process can still work), <c>/healthz/ready</c> (it may be sent work or
/// traffic) and <c>/metrics</c> (Prometheus text format), bound on every interface (probes and
/// scrapes come from outside the pod); and on the same Kestrel server whatever else the process
/// serves (a coordinator's API, <see cref="IHttpEndpoints"/>).
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HealthServer(WebApplication app) => _app = app;

    /// <param name="port">Where health and metrics are served; only <paramref name="more"/>'s listeners when null.</param>
    public static async Task<HealthServer> StartAsync(int? port, Func<bool> live, Func<bool> ready, IHttpEndpoints? more = null)
    {
        // Process metrics stay; the .NET event counter and meter adapters export names that break
        // Prometheus naming rules (promtool check metrics refuses them) and double what we export.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true, SuppressDebugMetrics = true });
        // Production whatever ASPNETCORE_ENVIRONMENT says: the Development error page would show stack traces to clients.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (port is { } p)
                kestrel.ListenAnyIP(p);
        });
        builder.Logging.ClearProviders();
        more?.Configure(builder);
        var app = builder.Build();
        more?.Map(app);
        app.MapGet("/healthz/live", () => Probe(live)).ExcludeFromDescription();
        app.MapGet("/healthz/ready", () => Probe(ready)).ExcludeFromDescription();
        app.MapGet("/metrics", async (HttpResponse response) =>
        {
            response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.Body);
        }).ExcludeFromDescription();
        await app.StartAsync();
        return new HealthServer(app);
    }

    private static IResult Probe(Func<bool> check)
    {
        bool ok;
        try
        {
            ok = check();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            ok = false; // the actor system is being replaced (a rejoin)
        }
        return ok ? Results.Text("ok\n") : Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>More endpoints on a process's HTTP server: their listeners and services, then their routes.</summary>
public interface IHttpEndpoints
{
    void Configure(WebApplicationBuilder builder);

    void Map(WebApplication app);
}
