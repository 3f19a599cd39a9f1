using System.Diagnostics;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>Results come from this store's own training: never another store's checkpoints, never with an epoch missing.</summary>
public sealed class CheckpointTrustSpecs : IDisposable
{
    private readonly SweepChildren _first = new();
    private readonly SweepChildren _second = new();
    private readonly TemporaryFolder _sharedCheckpoints = new("sweep-shared-checkpoints-");

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _sharedCheckpoints.Dispose();
    }

    [Fact]
    public async Task Two_stores_running_one_sweep_file_over_one_checkpoint_folder_each_train_every_epoch_in_a_folder_of_their_own()
    {
        _first.Checkpoints = _second.Checkpoints = _sharedCheckpoints.Path;
        var text = File.ReadAllText(_first.WriteSweepFile("shared", trials: 2, epochs: 2));
        var runs = new[] { _first, _second }.Select(c => c.Sweep("run", c.WriteFile("shared.yaml", text))).ToList();

        var results = await Task.WhenAll(runs.Select(r => SweepChildren.Finish(r, TimeSpan.FromMinutes(5))));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output + r.Errors));
        var sweepId = results[0].Output.Split('\n')[0].Trim();
        foreach (var store in new[] { _first, _second })
        {
            var view = (await store.View(sweepId))!.Value;
            Assert.All(view.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
            foreach (var trial in view.Trials)
                Assert.Equal([1, 2], (await store.Epochs(sweepId, trial.TrialId)).Select(e => e.Epoch));
            Assert.NotNull(Assert.IsType<SweepSubmitted>((await store.Events(sweepId))[0]).Checkpoints);
        }
        var folders = Directory.GetDirectories(_sharedCheckpoints.Path).Select(Path.GetFileName).ToList();
        Assert.Equal(2, folders.Count);
        Assert.All(folders, f => Assert.StartsWith(sweepId + ".", f));
    }

    /// <summary>Kill points, read from a trial's published checkpoint: an epoch published (the journal may not have it yet), and the trial's end recorded before its final evaluation reached the journal.</summary>
    public static TheoryData<string> KillPoints() => ["epoch 2 published", "trial finished"];

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task A_sweep_killed_at_any_point_of_an_epoch_resumes_with_every_trials_history_whole(string killPoint)
    {
        var file = _first.WriteSweepFile("kill-" + killPoint.Replace(' ', '-'), trials: 2, epochs: 3);
        var run = _first.Sweep("run", file);
        var sweepId = (await run.StandardOutput.ReadLineAsync())!.Trim();

        await KillWhen(run, state => killPoint == "trial finished" ? state["finished"] is not null : state["history"]!.AsArray().Count == 2);
        var resume = _first.Sweep("resume", sweepId);
        var (exitCode, output, errors) = await SweepChildren.Finish(resume, TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, output + errors);
        var view = (await _first.View(sweepId))!.Value;
        foreach (var trial in view.Trials)
        {
            Assert.Equal(TrialLifecycle.Completed, trial.State);
            Assert.Equal([1, 2, 3], (await _first.Epochs(sweepId, trial.TrialId)).Select(e => e.Epoch));
            Assert.Equal(3, trial.LastEpoch);
        }
    }

    /// <summary>SIGKILL the moment any trial's published checkpoint state satisfies <paramref name="reached"/> (polled every millisecond).</summary>
    private async Task KillWhen(Process run, Func<JsonNode, bool> reached)
    {
        var root = Path.Combine(Path.GetDirectoryName(_first.Database)!, _first.Checkpoints);
        await Poll.Until(() => Published(root).Any(reached), TimeSpan.FromMinutes(3), "the kill point never came", TimeSpan.FromMilliseconds(1), () => run.HasExited);
        run.Kill();
        await run.WaitForExitAsync();
    }

    private static IEnumerable<JsonNode> Published(string root)
    {
        if (!Directory.Exists(root))
            yield break;
        foreach (var pointer in Directory.EnumerateFiles(root, "latest", SearchOption.AllDirectories))
        {
            JsonNode? state;
            try
            {
                var folder = Path.Combine(Path.GetDirectoryName(pointer)!, File.ReadAllText(pointer).Trim());
                state = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "state.json")));
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                continue; // being replaced at this very moment
            }
            if (state is not null)
                yield return state;
        }
    }
}
