using System.Diagnostics;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A sweep process killed with SIGKILL mid-trial, then resumed: nothing lost, nothing counted twice.</summary>
public sealed class CrashResumeSpecs : IDisposable
{
    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    [Fact]
    public async Task A_killed_sweep_resumes_every_trial_once_and_the_killed_one_from_its_checkpoint()
    {
        var file = _children.WriteSweepFile("crash");
        var first = _children.Sweep("run", file);
        var sweepId = (await first.StandardOutput.ReadLineAsync())!.Trim();

        // Kill once the first trial is done and the second has checkpointed at least one epoch.
        await _children.WaitFor(sweepId, first, v => v.Sweep.Done >= 1 && v.Trials.Any(t => t.IsRunning && t.LastEpoch >= 1));
        Process.Start("kill", ["-9", first.Id.ToString()])!.WaitForExit();
        await first.WaitForExitAsync();
        var before = (await _children.View(sweepId))!.Value;
        var killed = before.Trials.Single(t => t.IsRunning);
        var finishedBefore = before.Trials.Where(t => t.IsTerminal).Select(t => t.TrialId).ToList();

        var resume = _children.Sweep("resume", sweepId);
        await resume.WaitForExitAsync();

        Assert.True(resume.ExitCode == 0, await resume.StandardError.ReadToEndAsync());
        var after = (await _children.View(sweepId))!.Value;
        Assert.Equal(States.Completed, after.Sweep.State);
        Assert.Equal(3, after.Trials.Count);
        Assert.All(after.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        foreach (var trial in after.Trials)
            Assert.Equal(Enumerable.Range(1, 4), (await _children.Epochs(sweepId, trial.TrialId)).Select(m => m.Epoch));

        // The events: finished trials were dispatched once, every trial finished once, and the killed
        // trial's second attempt went on from its checkpoint instead of epoch 1: the epochs it recorded again
        // are read back from the checkpoint (the very same seconds), the others trained.
        var events = await _children.Events(sweepId);
        Assert.All(finishedBefore, id => Assert.Single(events.OfType<TrialDispatched>(), d => d.TrialId == id));
        Assert.All(after.Trials, t => Assert.Single(events.OfType<TrialFinished>(), f => f.TrialId == t.TrialId));
        Assert.Equal(2, after.Trials.Single(t => t.TrialId == killed.TrialId).Attempt);
        var trained = SweepChildren.Trained(events, killed.TrialId, attempt: 2);
        Assert.Equal(Enumerable.Range(1, 4), events.OfType<EpochRecorded>().Where(e => e.TrialId == killed.TrialId && e.Attempt == 2).Select(e => e.Metrics.Epoch));
        Assert.True(trained[0] > 1, $"attempt 2 should continue after epoch {killed.LastEpoch}, it trained from epoch {trained[0]}");
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task An_interrupted_sweep_stops_its_trials_says_how_to_resume_and_resumes(string signal)
    {
        // 8 epochs, the signal sent before the second trial ends: the sweep is far from its end when it lands
        // (with 4, a loaded machine let the whole sweep finish before the read model showed a running trial).
        var first = _children.Sweep("run", _children.WriteSweepFile("interrupt-" + signal.ToLowerInvariant(), epochs: 8));
        var sweepId = (await first.StandardOutput.ReadLineAsync())!.Trim();
        await _children.WaitFor(sweepId, first, v => v.Sweep.Done <= 1 && v.Trials.Any(t => t.IsRunning && t.LastEpoch >= 1));

        Process.Start("kill", ["-" + signal, first.Id.ToString()])!.WaitForExit();
        var output = await first.StandardOutput.ReadToEndAsync();
        await first.WaitForExitAsync();

        Assert.True(first.ExitCode == 130, $"exit code {first.ExitCode}: {output}");
        // The printed command names the store and checkpoints this run used, so pasting it goes on with the same sweep.
        var hint = output.Split('\n').Single(l => l.Contains("./sweep resume")).Trim();
        Assert.EndsWith($"./sweep resume {sweepId} --db {ShellQuote.Word(_children.Database)} --checkpoints {ShellQuote.Word(_children.CheckpointRoot)}", hint);
        var resume = _children.Sweep("resume", sweepId);
        await resume.WaitForExitAsync();
        Assert.Equal(0, resume.ExitCode);
        Assert.All((await _children.View(sweepId))!.Value.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
    }
}
