using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// The HTTP side of a long-running process, as Kubernetes and Prometheus expect it:
/// <c>/healthz/live</c> (the process can still work), <c>/healthz/ready</c> (it may be sent work or
/// traffic) and <c>/metrics</c> (Prometheus text format). Bound on every interface: probes and
/// scrapes come from outside the pod.
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HealthServer(WebApplication app) => _app = app;

    public static async Task<HealthServer> StartAsync(int port, Func<bool> live, Func<bool> ready)
    {
        // Process metrics stay; the .NET event counter and meter adapters export names that break
        // Prometheus naming rules (promtool check metrics refuses them) and double what we export.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true, SuppressDebugMetrics = true });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/healthz/live", () => Probe(live));
        app.MapGet("/healthz/ready", () => Probe(ready));
        app.MapGet("/metrics", async (HttpResponse response) =>
        {
            response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.Body);
        });
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
