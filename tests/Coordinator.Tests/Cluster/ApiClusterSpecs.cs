using System.Diagnostics;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>A coordinator process and two node processes reached only over HTTP: by the CLI and by plain curl.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiClusterSpecs : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly SweepChildren _children = new();
    private readonly HttpClient _http = new() { Timeout = Limit };

    public void Dispose()
    {
        _children.Dispose();
        _http.Dispose();
    }

    private static async Task<string> Curl(params string[] args)
    {
        var start = new ProcessStartInfo("curl", ["-sS", "--fail-with-body", "--max-time", "240", .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var (exitCode, output, errors) = await SweepChildren.Finish(Process.Start(start)!, Limit);
        Assert.True(exitCode == 0, $"curl {string.Join(' ', args)}: {exitCode} {output} {errors}");
        return output;
    }

    private async Task<string> Cli(params string[] args)
    {
        var (exitCode, output, errors) = await SweepChildren.Finish(_children.Sweep(args), Limit);
        Assert.True(exitCode == 0, $"sweep {string.Join(' ', args)}: {exitCode} {output} {errors}");
        return output;
    }

    /// <summary>The (id, kind) of each event in a Server-Sent Events text.</summary>
    private static List<(long Id, string Type)> Events(string stream) =>
        [.. stream.Split("\n\n").Select(block => block.Split('\n')).Where(lines => lines.Any(l => l.StartsWith("id: ")))
            .Select(lines => (long.Parse(lines.First(l => l.StartsWith("id: "))[4..]), lines.First(l => l.StartsWith("event: "))[7..]))];

    private async Task<(string Api, string Seed)> Cluster()
    {
        var port = SweepChildren.FreePort().ToString();
        var seed = $"127.0.0.1:{port}";
        var coordinator = _children.Sweep("coordinator", "--port", port);
        Assert.Equal($"akka.tcp://sweepcluster@{seed}", (await coordinator.StandardOutput.ReadLineAsync())?.Trim());
        return (_children.Api(port), seed);
    }

    [Fact]
    public async Task The_cli_and_curl_submit_and_follow_sweeps_to_the_end_and_every_command_answers_remotely_as_from_the_store()
    {
        var (api, seed) = await Cluster();
        foreach (var name in new[] { "n1", "n2" })
            _children.Sweep("node", "--seed", seed, "--name", name);

        var created = JsonNode.Parse(await Curl("-X", "POST", "-H", "Content-Type: application/yaml", "--data-binary", "@" + _children.WriteSweepFile("by-curl", trials: 2, epochs: 2),
            $"{api}/api/v1/sweeps?file=by-curl.yaml"))!;
        var byCurl = (string)created["sweep_id"]!;
        var byCli = _children.WriteSweepFile("by-cli");
        var followed = await Cli("submit", byCli, "--coordinator", api, "--wait");
        // curl's stream ends by itself after the event that ends the sweep.
        var stream = Events(await Curl("-N", $"{api}/api/v1/sweeps/{byCurl}/events"));

        var cliSweep = followed.Split('\n')[0].Trim();
        Assert.Matches(@"\d+/4: train loss", followed);
        Assert.Contains($"by-cli ({cliSweep}): completed, 3/3 done", followed);
        Assert.Equal(Enumerable.Range(1, (await _children.Events(byCurl)).Count).Select(i => (long)i), stream.Select(e => e.Id));
        Assert.Equal("sweep-completed", stream[^1].Type);
        Assert.Contains(stream, e => e.Type == "epoch-recorded");
        var again = await Cli("submit", byCli, "--coordinator", api);
        Assert.Equal(cliSweep, again.Split('\n')[0].Trim());
        Assert.Contains("already had this sweep", again);

        var trialId = (await _children.View(cliSweep))!.Value.Trials[0].TrialId;
        string[][] queries =
        [
            ["list", "--json"], ["status", cliSweep, "--json"], ["status"], ["leaderboard", cliSweep, "--json"], ["leaderboard", cliSweep, "--csv", "--top", "2"],
            ["leaderboard", cliSweep, "--by", "training.optimizer.learning_rate", "--json"], ["trial", trialId, "--json"],
        ];
        foreach (var query in queries)
            Assert.Equal(await Cli(query), await Cli([.. query, "--coordinator", api]));
        // Idle now: the broker still knows both nodes, as their last requests for work described them.
        var nodes = JsonNode.Parse(await Curl($"{api}/api/v1/nodes"))!.AsArray();
        Assert.Equal(["n1", "n2"], nodes.Select(n => (string)n!["node"]!));
        Assert.All(nodes, n => Assert.True((string?)n!["device"] == "cpu" && (int)n["busy"]! == 0 && (int?)n["slots"] >= 1 && (long?)n["memory_used"] > 0, n.ToJsonString()));
        var report = Path.Combine(Path.GetDirectoryName(byCli)!, "remote-report");
        var files = (await Cli("report", cliSweep, "--coordinator", api, "--out", report)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([Path.Combine(report, "report.html"), Path.Combine(report, "report.md")], files);
        // Self-contained: the page draws its charts with the chart library it carries.
        Assert.Contains("<div class=\"chart\"", File.ReadAllText(files[0]));
        Assert.Contains(Charts.ChartLibrary.Script[..200], File.ReadAllText(files[0]));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "figures"), "*.svg"));

        // A sweep cancelled over HTTP while it runs; resuming a completed one is a no-op that answers its state.
        var doomed = (await Cli("submit", _children.WriteSweepFile("doomed", trials: 3, epochs: 8), "--coordinator", api)).Split('\n')[0].Trim();
        Assert.Contains($"{doomed} cancelled", await Cli("cancel", doomed, "--coordinator", api));
        Assert.Equal(States.Cancelled, (await _children.View(doomed))!.Value.Sweep.State);
        Assert.Contains($"{cliSweep} completed: 3/3 done", await Cli("resume", cliSweep, "--coordinator", api));
    }

    [Fact]
    public async Task A_client_that_drops_the_event_stream_and_reconnects_with_the_last_event_id_sees_every_event_exactly_once()
    {
        var (api, seed) = await Cluster();
        _children.Sweep("node", "--seed", seed, "--name", "n1");
        var sweepId = (await Cli("submit", _children.WriteSweepFile("reconnect", trials: 3, epochs: 3), "--coordinator", api)).Split('\n')[0].Trim();

        var seen = new List<(long Id, string Type)>();
        for (var connection = 0; seen.Count == 0 || seen[^1].Type != "sweep-completed"; connection++)
        {
            Assert.True(connection < 100, "the stream never reached the sweep's end");
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{api}/api/v1/sweeps/{sweepId}/events");
            if (seen.Count > 0)
                request.Headers.Add("Last-Event-ID", seen[^1].Id.ToString());
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            // Each connection is dropped after three events (or at the end): the next resumes after the last one seen.
            var block = new List<string>();
            for (var taken = 0; taken < 3 && await reader.ReadLineAsync() is { } line;)
            {
                if (line.Length > 0)
                {
                    block.Add(line);
                    continue;
                }
                var parsed = Events(string.Join('\n', block) + "\n\n");
                block.Clear();
                seen.AddRange(parsed);
                taken += parsed.Count;
            }
        }

        var journal = await _children.Events(sweepId);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), seen.Select(e => e.Id));
        Assert.Equal(journal.Select(e => SweepCluster.Coordinator.Api.SweepEventDocuments.Of(0, e).Type), seen.Select(e => e.Type));
    }

    [Fact]
    public async Task Over_https_with_a_token_the_cli_reads_the_token_from_a_file_or_the_environment_and_no_log_shows_it()
    {
        const string Token = "7f3a9c1e5b2d4f60a8e1c3b5d7f9a2c4";
        var folder = Path.GetDirectoryName(_children.WriteFile("token", Token + "\n"))!;
        using var certificates = new TestCertificates(folder, "api");
        var (port, apiPort) = (SweepChildren.FreePort().ToString(), SweepChildren.FreePort().ToString());
        var refused = await SweepChildren.Finish(_children.Sweep("coordinator", "--port", port, "--api-port", apiPort, "--api-address", "0.0.0.0"), Limit);
        Assert.True(refused.ExitCode == 2 && refused.Output.Contains("--insecure-api"), refused.Output + refused.Errors);
        var coordinator = _children.Sweep("coordinator", "--port", port, "--api-port", apiPort, "--api-address", "0.0.0.0",
            "--token-file", Path.Combine(folder, "token"), "--api-cert", certificates.Issue("coordinator"));
        await coordinator.StandardOutput.ReadLineAsync();
        var api = $"https://127.0.0.1:{apiPort}";
        string[] trust = ["--coordinator", api, "--ca-file", certificates.AuthorityFile];

        var sweepId = (await Cli(["submit", _children.WriteSweepFile("guarded"), .. trust, "--token-file", Path.Combine(folder, "token")])).Split('\n')[0].Trim();
        _children.Environment["SWEEP_API_TOKEN"] = Token;
        Assert.Contains(sweepId, await Cli(["list", .. trust]));
        _children.Environment["SWEEP_API_TOKEN"] = "not-the-token";
        var (wrong, wrongOutput, _) = await SweepChildren.Finish(_children.Sweep(["status", sweepId, .. trust]), Limit);
        Assert.True(wrong == 1 && wrongOutput.Contains("401 Unauthorized"), wrongOutput);
        _children.Environment.Remove("SWEEP_API_TOKEN");
        var (untrusted, untrustedOutput, _) = await SweepChildren.Finish(_children.Sweep("list", "--coordinator", api, "--token-file", Path.Combine(folder, "token")), Limit);
        Assert.True(untrusted == 1 && untrustedOutput.Contains("No coordinator could be reached"), untrustedOutput);

        coordinator.Kill();
        await coordinator.WaitForExitAsync();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "token"))
            Assert.DoesNotContain(Token, File.ReadAllText(file));
    }
}
