using System.Diagnostics;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cluster;

/// <summary>What reaches a coordinator from the network: members and clients with or without the cluster's certificates, and malformed requests.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterClientSpecs : IDisposable
{
    private readonly SweepChildren _children = new();
    private readonly TemporaryFolder _folder = new("cluster-client-");

    public void Dispose()
    {
        _children.Dispose();
        _folder.Dispose();
    }

    private static JsonArray Json(string output)
    {
        try
        {
            return JsonNode.Parse(output[output.IndexOf('[')..])!.AsArray();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidOperationException("not JSON: " + output, e);
        }
    }

    private async Task<string> Submitted(string seed, string name)
    {
        var (submitted, output, errors) = await SweepChildren.Finish(_children.Sweep("submit", _children.WriteSweepFile(name), "--coordinator", seed), TimeSpan.FromMinutes(1));
        Assert.True(submitted == 0, output + errors);
        return output.Split('\n')[0].Trim();
    }

    [Fact]
    public async Task With_mutual_TLS_a_node_or_client_whose_certificate_another_CA_signed_is_refused()
    {
        using var cluster = new TestCertificates(_folder.Path, "cluster");
        using var other = new TestCertificates(_folder.Path, "other");
        // Every process trusts the cluster's CA; only the certificate it presents differs.
        string[] Tls(TestCertificates issuer, string name) => ["--tls-cert", issuer.Issue(name), "--tls-ca", cluster.AuthorityFile];
        var port = SweepChildren.FreePort().ToString();
        var seed = $"127.0.0.1:{port}";
        var coordinator = _children.Sweep(["coordinator", "--port", port, .. Tls(cluster, "coordinator")]);
        Assert.Equal($"akka.ssl.tcp://sweepcluster@{seed}", (await coordinator.StandardOutput.ReadLineAsync())?.Trim());
        _children.Sweep(["node", "--seed", seed, "--name", "intruder", .. Tls(other, "intruder")]);

        var (submitted, output, _) = await SweepChildren.Finish(_children.Sweep(["submit", _children.WriteSweepFile("tls"), "--coordinator", seed, .. Tls(cluster, "client")]), TimeSpan.FromMinutes(1));
        Assert.True(submitted == 0, output);
        var sweepId = output.Split('\n')[0].Trim();
        var stranger = _children.Sweep(["status", sweepId, "--coordinator", seed, .. Tls(other, "stranger")]);
        await Task.Delay(TimeSpan.FromSeconds(10)); // time enough for the intruder to join and pull work, were it let in
        Assert.Empty((await _children.Events(sweepId)).OfType<TrialDispatched>());

        _children.Sweep(["node", "--seed", seed, "--name", "n1", .. Tls(cluster, "n1")]);
        await _children.WaitFor(sweepId, coordinator, v => v.Sweep.State == States.Completed);

        var (ranked, leaderboard, _) = await SweepChildren.Finish(_children.Sweep(["leaderboard", sweepId, "--json", "--coordinator", seed, .. Tls(cluster, "client")]), TimeSpan.FromMinutes(1));
        Assert.True(ranked == 0, leaderboard);
        var rows = Json(leaderboard);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(("n1", 1, TrialLifecycle.Completed.Text()), ((string)r!["node"]!, (int)r["attempt"]!, (string)r["state"]!)));
        Assert.All((await _children.Events(sweepId)).OfType<TrialDispatched>(), d => Assert.Equal("n1", d.Node));
        var (refused, strangerOutput, _) = await SweepChildren.Finish(stranger, TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, refused);
        Assert.Contains("No coordinator answered", strangerOutput);
    }

    [Fact]
    public async Task A_coordinator_refuses_malformed_requests_saying_why_and_goes_on_serving_clients()
    {
        var port = SweepChildren.FreePort().ToString();
        var seed = $"127.0.0.1:{port}";
        var coordinator = _children.Sweep("coordinator", "--port", port);
        await coordinator.StandardOutput.ReadLineAsync();
        await using (var client = new ClusterApiClient([seed], tls: null))
        {
            async Task<ClusterRequestException> Refused(SweepCluster.Messages.ISweepClusterMessage request) =>
                await Assert.ThrowsAsync<ClusterRequestException>(() => client.Ask<SweepProgress>(request));

            var broken = await Refused(new SubmitSweepFile("broken.yaml", "name: broken\nmodel: [unclosed"));
            Assert.Contains("broken.yaml has", broken.Message);
            Assert.NotEmpty(broken.Details);
            Assert.Contains("limited to", (await Refused(new SubmitSweepFile("huge.yaml", new string('#', ClientRequests.MaxSourceLength + 1)))).Message);
            Assert.Contains("is not a sweep id", (await Refused(new CancelSweep("../../x"))).Message);
            Assert.Contains("not a request that clients may send", (await Refused(new RequestWork("n1", 1000, "cpu", 0))).Message);
            Assert.Contains("No sweep 'ghost-0123abcd'", (await Refused(new GetSweepProgress("ghost-0123abcd"))).Message);
        }

        var first = await Submitted(seed, "served");
        var (resumed, resumeOutput, _) = await SweepChildren.Finish(_children.Sweep("resume", first, "--coordinator", seed), TimeSpan.FromMinutes(1));
        Assert.True(resumed == 0, resumeOutput);
        Assert.Contains($"{first} running: 0/3 done", resumeOutput);
        // The cluster holds the sweep's lock: no second runner here; a cancel from the store alone is carried out by the cluster.
        var (refused, refusedOutput, _) = await SweepChildren.Finish(_children.Sweep("resume", first), TimeSpan.FromMinutes(1));
        Assert.True(refused != 0 && refusedOutput.Contains("being run by another process"), refusedOutput);
        var (cancelledHere, cancelHereOutput, _) = await SweepChildren.Finish(_children.Sweep("cancel", first), TimeSpan.FromMinutes(1));
        Assert.True(cancelledHere == 0, cancelHereOutput);
        Assert.Contains("asked it to cancel", cancelHereOutput);

        var second = await Submitted(seed, "served-too");
        var (cancelled, cancelOutput, _) = await SweepChildren.Finish(_children.Sweep("cancel", second, "--coordinator", seed), TimeSpan.FromMinutes(1));
        Assert.True(cancelled == 0, cancelOutput);
        var (_, status, _) = await SweepChildren.Finish(_children.Sweep("status", "--json", "--coordinator", seed), TimeSpan.FromMinutes(1));
        Assert.Equal([(first, States.Cancelled), (second, States.Cancelled)],
            Json(status).Select(s => ((string)s!["sweep_id"]!, (string)s["state"]!)).Order());
        Assert.False(coordinator.HasExited);
    }
}
