using System.Diagnostics;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Tests.Persistence;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>`sweep cancel` against a sweep that another process runs, and one that nobody runs; one runner per sweep.</summary>
public sealed class CancelSpecs : IDisposable
{
    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    private static async Task<(int ExitCode, string Output)> Finish(Process child)
    {
        var output = await child.StandardOutput.ReadToEndAsync() + await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return (child.ExitCode, output);
    }

    [Fact]
    public async Task A_sweep_running_in_another_process_is_cancelled_there_and_no_second_process_may_run_it()
    {
        // Long enough that the cancel, two process starts later, finds it running even on a loaded machine.
        var file = _children.WriteSweepFile("cancel-live", epochs: 30);
        var runner = _children.Sweep("run", file);
        var sweepId = (await runner.StandardOutput.ReadLineAsync())!.Trim();
        await _children.WaitFor(sweepId, runner, v => v.Trials.Any(t => t.IsRunning && t.LastEpoch >= 1));

        var (secondExit, secondOutput) = await Finish(_children.Sweep("run", file));
        var (cancelExit, cancelOutput) = await Finish(_children.Sweep("cancel", sweepId));
        var (runnerExit, runnerOutput) = await Finish(runner);

        Assert.Equal(1, secondExit);
        Assert.Contains("being run by another process", secondOutput);
        Assert.True(cancelExit == 0, cancelOutput);
        Assert.Contains("is cancelled", cancelOutput);
        Assert.True(runnerExit == 1, $"exit code {runnerExit}: {runnerOutput}");
        Assert.Contains("was cancelled", runnerOutput);
        var view = (await _children.View(sweepId))!.Value;
        Assert.Equal(States.Cancelled, view.Sweep.State);
        Assert.Contains(view.Trials, t => t.State == TrialLifecycle.Cancelled);
    }

    [Fact]
    public async Task A_sweep_that_no_process_runs_is_cancelled_at_once_and_resuming_it_trains_nothing()
    {
        var runner = _children.Sweep("run", _children.WriteSweepFile("cancel-idle"));
        var sweepId = (await runner.StandardOutput.ReadLineAsync())!.Trim();
        await _children.WaitFor(sweepId, runner, v => v.Trials.Any(t => t.IsRunning && t.LastEpoch >= 1));
        runner.Kill();
        await runner.WaitForExitAsync();

        var (cancelExit, cancelOutput) = await Finish(_children.Sweep("cancel", sweepId));
        var (resumeExit, resumeOutput) = await Finish(_children.Sweep("resume", sweepId));

        Assert.True(cancelExit == 0, cancelOutput);
        Assert.Contains("Cancelled sweep", cancelOutput);
        Assert.Equal(1, resumeExit);
        Assert.Contains("was cancelled", resumeOutput);
        var events = await _children.Events(sweepId);
        var cancelledAt = events.ToList().FindIndex(e => e is SweepCancelled);
        Assert.DoesNotContain(events.Skip(cancelledAt), e => e is TrialDispatched);
        Assert.Equal(States.Cancelled, (await _children.View(sweepId))!.Value.Sweep.State);
    }

    [Fact]
    public void A_sweep_lock_is_a_file_lock_exclusive_until_released() => SweepLockAssertions.ExclusivePerSweepUntilReleased(_children.Database);

    [Fact]
    public Task A_sweep_lock_taken_asynchronously_is_the_same_file_lock() => SweepLockAssertions.TakenAsynchronouslyIsTheSameLock(_children.Database);
}
