using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>The probes and metrics of real coordinator and node processes, before they join and through a sweep.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HealthAndMetricsSpecs : IDisposable
{
    private readonly SweepChildren _children = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _children.Dispose();
    }

    private async Task<HttpStatusCode?> Status(int port, string path)
    {
        try
        {
            return (await _http.GetAsync($"http://127.0.0.1:{port}{path}")).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static Task Eventually(Func<Task<bool>> condition, string what) =>
        Poll.Until(condition, TimeSpan.FromMinutes(1), what, TimeSpan.FromMilliseconds(250));

    /// <summary>The value of one sample in Prometheus text, such as <c>sweep_epochs_total{node="n1"}</c>; 0 when absent.</summary>
    private async Task<double> Sample(int port, string series)
    {
        var text = await _http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_node_is_live_but_not_ready_until_it_joins_and_the_metrics_follow_a_sweep()
    {
        var port = SweepChildren.FreePort().ToString();
        var seed = $"127.0.0.1:{port}";
        var (nodeHttp, coordinatorHttp) = (SweepChildren.FreePort(), SweepChildren.FreePort());
        _children.Sweep("node", "--seed", seed, "--name", "n1", "--http-port", nodeHttp.ToString());
        await Eventually(async () => await Status(nodeHttp, "/healthz/live") == HttpStatusCode.OK, "the node never answered /healthz/live");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Status(nodeHttp, "/healthz/ready")); // no coordinator to join yet

        var coordinator = _children.Sweep("coordinator", "--port", port, "--http-port", coordinatorHttp.ToString());
        await Eventually(async () => await Status(nodeHttp, "/healthz/ready") == HttpStatusCode.OK, "the node never became ready");
        Assert.Equal(HttpStatusCode.OK, await Status(coordinatorHttp, "/healthz/ready"));
        Assert.Equal(0, await Sample(nodeHttp, "sweep_epochs_total{node=\"n1\"}"));
        // Every family is there at zero before anything happened: "0", never "no data".
        foreach (var series in new[] { "sweep_epochs_total{node=\"n1\"}", "sweep_epoch_seconds_count{node=\"n1\"}", "sweep_fused_groups_total{node=\"n1\"}" })
            Assert.Contains(series + " 0", await _http.GetStringAsync($"http://127.0.0.1:{nodeHttp}/metrics"));
        foreach (var series in new[] { "sweep_results_recorded_total", "sweep_journal_events_total", "sweep_journal_write_seconds_count" })
            Assert.Contains(series + " 0", await _http.GetStringAsync($"http://127.0.0.1:{coordinatorHttp}/metrics"));

        var (submitted, output, errors) = await SweepChildren.Finish(_children.Sweep("submit", _children.WriteSweepFile("observed", trials: 2, epochs: 2), "--coordinator", _children.Api(port)), TimeSpan.FromMinutes(1));
        Assert.True(submitted == 0, output + errors);
        var sweepId = output.Split('\n')[0].Trim();
        await Eventually(async () => await Sample(coordinatorHttp, $"sweep_trials{{sweep_id=\"{sweepId}\",state=\"running\"}}") == 1, "no running trial in sweep_trials");
        await _children.WaitFor(sweepId, coordinator, v => v.Sweep.State == States.Completed);

        Assert.Equal(4, await Sample(nodeHttp, "sweep_epochs_total{node=\"n1\"}"));
        Assert.Equal(4, await Sample(nodeHttp, "sweep_epoch_seconds_count{node=\"n1\"}"));
        Assert.Equal((0, 1), (await Sample(nodeHttp, "sweep_slots{node=\"n1\",state=\"busy\"}"), await Sample(nodeHttp, "sweep_slots{node=\"n1\",state=\"free\"}")));
        Assert.True(await Sample(nodeHttp, "sweep_slot_images_per_second{node=\"n1\",slot=\"n1-slot-0\"}") > 0);
        Assert.Equal(2, await Sample(coordinatorHttp, "sweep_results_recorded_total"));
        Assert.True(await Sample(coordinatorHttp, "sweep_journal_write_seconds_count") >= 2 + 4 + 2);
        Assert.DoesNotMatch(SweepTrialsOf(sweepId), await _http.GetStringAsync($"http://127.0.0.1:{coordinatorHttp}/metrics")); // ended sweeps leave the gauge

        foreach (var http in new[] { nodeHttp, coordinatorHttp })
        {
            var (lint, problems) = await Run("promtool", ["check", "metrics"], await _http.GetStringAsync($"http://127.0.0.1:{http}/metrics"));
            Assert.True(lint == 0, problems);
        }
        Assert.Equal("4", await ScrapedByPrometheus("sweep_epochs_total", nodeHttp, coordinatorHttp));
    }

    /// <summary>A real Prometheus server on loopback scrapes both processes; returns its answer to <paramref name="query"/>.</summary>
    private async Task<string> ScrapedByPrometheus(string query, params int[] targets)
    {
        using var folder = new TemporaryFolder("prometheus-");
        var config = folder.Write("prometheus.yml", $$"""
            global: {scrape_interval: 1s}
            scrape_configs:
              - job_name: sweep
                static_configs:
                  - targets: [{{string.Join(", ", targets.Select(t => $"'127.0.0.1:{t}'"))}}]
            """);
        var port = SweepChildren.FreePort();
        using var server = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={folder.File("data")}", $"--web.listen-address=127.0.0.1:{port}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            string? value = null;
            await Eventually(async () =>
            {
                try
                {
                    var answer = System.Text.Json.Nodes.JsonNode.Parse(await _http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={query}"))!;
                    value = answer["data"]?["result"]?.AsArray().FirstOrDefault()?["value"]?[1]?.ToString();
                }
                catch (HttpRequestException)
                {
                    // still starting
                }
                return value is not null;
            }, $"Prometheus never answered {query}");
            return value!;
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, string[] args, string input)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static Regex SweepTrialsOf(string sweepId) => new($"sweep_trials\\{{sweep_id=\"{Regex.Escape(sweepId)}\"");
}
