using System.Diagnostics;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>Real sweeps whose trials train fused (<c>--fuse K</c>): the same results as alone, and crashes lose nothing.</summary>
public sealed class FusedRunSpecs(ITestOutputHelper output) : IDisposable
{
    private readonly SweepChildren _fused = new();
    private readonly SweepChildren _alone = new();

    public void Dispose()
    {
        _fused.Dispose();
        _alone.Dispose();
    }

    [Fact]
    public async Task A_fused_sweep_completes_every_trial_with_the_results_of_training_each_alone()
    {
        var fusedRun = _fused.Sweep("run", _fused.WriteSweepFile("fused", trials: 4, epochs: 2), "--fuse", "4");
        var aloneRun = _alone.Sweep("run", _alone.WriteSweepFile("fused", trials: 4, epochs: 2));
        var sweepId = (await fusedRun.StandardOutput.ReadLineAsync())!.Trim();
        Assert.Equal(sweepId, (await aloneRun.StandardOutput.ReadLineAsync())!.Trim());
        await fusedRun.WaitForExitAsync();
        await aloneRun.WaitForExitAsync();
        Assert.True(fusedRun.ExitCode == 0, await fusedRun.StandardError.ReadToEndAsync());
        Assert.True(aloneRun.ExitCode == 0, await aloneRun.StandardError.ReadToEndAsync());

        var fused = (await _fused.View(sweepId))!.Value.Trials.ToDictionary(t => t.TrialId);
        var alone = (await _alone.View(sweepId))!.Value.Trials;
        Assert.Equal(4, fused.Count);
        foreach (var trial in alone)
        {
            var twin = fused[trial.TrialId];
            output.WriteLine($"{trial.TrialId}: test accuracy {trial.Outcome!.TestAccuracy:P2} alone, {twin.Outcome?.TestAccuracy:P2} fused");
            Assert.Equal(TrialLifecycle.Completed, twin.State);
            // float32: the fused network sums in another order, so results may differ in the last digits, not more.
            Assert.InRange(twin.Outcome!.TestAccuracy!.Value - trial.Outcome!.TestAccuracy!.Value, -0.015, 0.015);
        }

        // One group of all four; a retried crash (a transient libtorch error, seen under load) dispatches the group again.
        var events = await _fused.Events(sweepId);
        foreach (var failed in events.OfType<TrialFailed>())
            output.WriteLine($"{failed.TrialId} attempt {failed.Attempt} failed: {failed.Error}");
        var dispatched = events.OfType<TrialDispatched>().ToList();
        var first = dispatched.Where(d => d.Attempt == 1).ToList();
        Assert.Equal(4, first.Count);
        Assert.All(first, d => Assert.Equal(new FusedGroup(first[0].TrialId + "#1", 4), d.Group));
        Assert.Equal(dispatched.Count - 4, events.OfType<TrialFailed>().Count(f => f.WillRetry) + events.OfType<TrialRequeued>().Count());
        var shown = _fused.Sweep("trial", first[2].TrialId);
        var text = await shown.StandardOutput.ReadToEndAsync();
        await shown.WaitForExitAsync();
        Assert.Contains($"attempt 1: trained fused in group {first[0].TrialId}#1 with 4 members", text);
    }

    [Fact]
    public async Task A_node_killed_while_training_a_fused_group_resumes_each_member_from_its_own_checkpoint()
    {
        var file = _fused.WriteSweepFile("fused-crash", trials: 3, epochs: 4);
        var first = _fused.Sweep("run", file, "--fuse", "3");
        var sweepId = (await first.StandardOutput.ReadLineAsync())!.Trim();
        await _fused.WaitFor(sweepId, first, v => v.Trials.Count == 3 && v.Trials.All(t => t.IsRunning && t.LastEpoch >= 1));
        Process.Start("kill", ["-9", first.Id.ToString()])!.WaitForExit();
        await first.WaitForExitAsync();
        var before = (await _fused.View(sweepId))!.Value.Trials.ToDictionary(t => t.TrialId, t => t.LastEpoch);

        // Resumed without fusion: each member's checkpoint is its own, so it goes on alone.
        var resume = _fused.Sweep("resume", sweepId);
        await resume.WaitForExitAsync();

        Assert.True(resume.ExitCode == 0, await resume.StandardError.ReadToEndAsync());
        var after = (await _fused.View(sweepId))!.Value.Trials;
        Assert.All(after, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var events = await _fused.Events(sweepId);
        foreach (var trial in after)
        {
            Assert.Equal(Enumerable.Range(1, 4), (await _fused.Epochs(sweepId, trial.TrialId)).Select(m => m.Epoch));
            Assert.Single(events.OfType<TrialFinished>(), f => f.TrialId == trial.TrialId);
            var attempts = events.OfType<TrialDispatched>().Where(d => d.TrialId == trial.TrialId).ToList();
            Assert.Equal([3, null], attempts.Select(d => d.Group?.Members));
            var resumed = SweepChildren.Trained(events, trial.TrialId, attempt: 2);
            Assert.True(resumed.Count > 0 && resumed[0] > before[trial.TrialId] || before[trial.TrialId] == 4,
                $"{trial.TrialId}: attempt 2 should go on after epoch {before[trial.TrialId]}, it began at epoch {resumed.FirstOrDefault()}");
        }
    }
}
