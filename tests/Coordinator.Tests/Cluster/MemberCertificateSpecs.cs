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

/// <summary>Members with or without the cluster's certificates: only those its CA signed may join and pull work.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MemberCertificateSpecs : IDisposable
{
    private readonly SweepChildren _children = new();
    private readonly TemporaryFolder _folder = new("member-certificates-");

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

    private async Task<string> Submitted(string api, string name)
    {
        var (submitted, output, errors) = await SweepChildren.Finish(_children.Sweep("submit", _children.WriteSweepFile(name), "--coordinator", api), TimeSpan.FromMinutes(1));
        Assert.True(submitted == 0, output + errors);
        return output.Split('\n')[0].Trim();
    }

    [Fact]
    public async Task With_mutual_TLS_a_node_whose_certificate_another_CA_signed_is_refused()
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

        var sweepId = await Submitted(_children.Api(port), "tls");
        await Task.Delay(TimeSpan.FromSeconds(10)); // time enough for the intruder to join and pull work, were it let in
        Assert.Empty((await _children.Events(sweepId)).OfType<TrialDispatched>());

        _children.Sweep(["node", "--seed", seed, "--name", "n1", .. Tls(cluster, "n1")]);
        await _children.WaitFor(sweepId, coordinator, v => v.Sweep.State == States.Completed);

        var (ranked, leaderboard, _) = await SweepChildren.Finish(_children.Sweep("leaderboard", sweepId, "--json", "--coordinator", _children.Api(port)), TimeSpan.FromMinutes(1));
        Assert.True(ranked == 0, leaderboard);
        var rows = Json(leaderboard);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(("n1", 1, TrialLifecycle.Completed.Text()), ((string)r!["node"]!, (int)r["attempt"]!, (string)r["state"]!)));
        Assert.All((await _children.Events(sweepId)).OfType<TrialDispatched>(), d => Assert.Equal("n1", d.Node));
    }
}
