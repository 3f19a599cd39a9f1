using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Logging;

/// <summary>A real sweep's structured events reach a Seq-compatible receiver, through an outage, with the API key from a file.</summary>
public sealed class SeqLoggingSpecs : IDisposable
{
    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    [Fact]
    public async Task A_sweeps_trial_events_reach_Seq_with_their_properties_and_an_outage_loses_none()
    {
        await using var seq = await SeqReceiver.StartAsync();
        seq.Down = true;
        var keyFile = Path.Combine(Path.GetDirectoryName(_children.WriteSweepFile("unused"))!, "seq-api-key");
        File.WriteAllText(keyFile, "k3y-from-a-file\n");
        _children.Environment["SWEEP_Seq__ServerUrl"] = seq.Url;
        _children.Environment["SWEEP_Seq__ApiKeyFile"] = keyFile;

        var run = _children.Sweep("run", _children.WriteSweepFile("logged", trials: 2, epochs: 3));
        // The server refuses until the sink has tried at least twice (it keeps the events and retries).
        await Poll.Until(() => seq.Refused >= 2, TimeSpan.FromMinutes(1), "the sink never tried during the outage: the spec would prove nothing",
            abandon: () => run.HasExited);
        seq.Down = false;
        var (exitCode, output, errors) = await SweepChildren.Finish(run, TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, output + errors);

        var sweepId = output.Split('\n')[0].Trim();
        var view = (await _children.View(sweepId))!.Value;
        var expected = view.Trials.SelectMany(t => Enumerable.Range(1, 3).Select(e => (t.TrialId, e))).Order().ToList();
        var epochs = await Poll.Settled(
            () => seq.Events.Where(e => e["Epoch"] is not null && e["SweepId"]?.ToString() == sweepId).Select(e => (e["TrialId"]!.ToString(), (int)e["Epoch"]!)).Order().ToList(),
            e => e.Count >= expected.Count, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));

        Assert.Equal(expected, epochs);
        var epoch = seq.Events.First(e => e["Epoch"] is not null);
        Assert.Equal((1, Environment.MachineName), ((int)epoch["Attempt"]!, epoch["Node"]!.ToString()));
        Assert.InRange((double)epoch["ValAccuracy"]!, 0, 1);
        Assert.All(seq.ApiKeys, k => Assert.Equal("k3y-from-a-file", k));
        Assert.DoesNotContain("k3y-from-a-file", output + errors);
    }
}
