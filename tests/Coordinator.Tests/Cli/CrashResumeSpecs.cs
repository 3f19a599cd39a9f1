using System.Diagnostics;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Testing;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A sweep process killed with SIGKILL mid-trial, then resumed: nothing lost, nothing counted twice.</summary>
public sealed class CrashResumeSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Database => Path.Combine(_folder, "sweeps.db");

    private Process Sweep(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root(), "sweep")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var arg in args.Concat(["--device", "cpu", "--db", Database, "--checkpoints", Path.Combine(_folder, "checkpoints")]))
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private async Task<SweepView?> View(string sweepId)
    {
        if (!File.Exists(Database))
            return null;
        await using var store = new SweepStore(Database);
        try
        {
            return await store.LoadAsync(sweepId);
        }
        catch (Exception e) when (e.Message.Contains("no such table"))
        {
            return null; // the child has not written its first event yet
        }
    }

    [Fact]
    public async Task A_killed_sweep_resumes_every_trial_once_and_the_killed_one_from_its_checkpoint()
    {
        var file = Path.Combine(_folder, "crash.yaml");
        File.WriteAllText(file, """
            name: crash
            seed: 4
            dataset: {name: fashion-mnist, subset: 3000, validation: 0.2, test_subset: 200}
            model:
              blocks:
                - {type: conv, filters: 8, pool: {kind: max, size: 2}}
            training: {epochs: 4, batch_size: 32, conventions: pytorch}
            search:
              strategy: grid
              parameters:
                training.optimizer.learning_rate: [0.001, 0.002, 0.003]
            """);
        var first = Sweep("run", file);
        var sweepId = (await first.StandardOutput.ReadLineAsync())!.Trim();

        // Kill once the first trial is done and the second has checkpointed at least one epoch.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await View(sweepId) is not { } view || view.State.Done < 1 || !view.State.Trials.Values.Any(t => t.Phase == TrialPhase.Running && t.LastEpoch >= 1))
        {
            Assert.True(DateTime.UtcNow < deadline && !first.HasExited, "the sweep never reached the point to kill it");
            await Task.Delay(100);
        }
        Process.Start("kill", ["-9", first.Id.ToString()])!.WaitForExit();
        await first.WaitForExitAsync();
        var killed = (await View(sweepId))!.State.Trials.Values.Single(t => t.Phase == TrialPhase.Running);
        var finishedBefore = (await View(sweepId))!.State.Trials.Values.Where(t => t.IsTerminal).Select(t => t.Definition.TrialId).ToList();

        var resume = Sweep("resume", sweepId);
        await resume.WaitForExitAsync();

        var after = (await View(sweepId))!;
        Assert.True(resume.ExitCode == 0, await resume.StandardError.ReadToEndAsync());
        Assert.Equal(SweepPhase.Completed, after.State.Phase);
        Assert.All(after.State.Trials.Values, t => Assert.Equal(TrialPhase.Finished, t.Phase));
        Assert.All(finishedBefore, id => Assert.Equal(1, after.State.Trials[id].Attempt));
        var resumed = after.Epochs[killed.Definition.TrialId].Where(e => e.Attempt == 2).Select(e => e.Metrics.Epoch).ToList();
        Assert.Equal(2, after.State.Trials[killed.Definition.TrialId].Attempt);
        Assert.True(resumed[0] > 1, $"attempt 2 should continue after epoch {killed.LastEpoch}, it began at epoch {resumed[0]}");
        Assert.Equal(Enumerable.Range(1, 4), after.History(killed.Definition.TrialId).Select(m => m.Epoch));
        Assert.All(after.State.Trials.Values, t => Assert.Equal(Enumerable.Range(1, 4), after.History(t.Definition.TrialId).Select(m => m.Epoch)));
    }
}
