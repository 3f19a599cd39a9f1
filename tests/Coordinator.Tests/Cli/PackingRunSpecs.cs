using SweepCluster.Coordinator.ReadModel;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>Real sweeps with <c>--slots auto</c>: trials packed by their estimated memory under a budget.</summary>
public sealed class PackingRunSpecs : IDisposable
{
    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    /// <summary>The estimate of one trial of <see cref="SweepChildren.WriteSweepFile"/>: 3,000 training and 200 test images, one conv block of 8 filters.</summary>
    private static long TrialNeed()
    {
        var model = new ModelSpec { Blocks = [new ConvBlockSpec { Filters = 8, Pool = new PoolSpec() }] };
        var summary = ModelSummarizer.Summarize(model, new FeatureShape(1, 28, 28), 10);
        return MemoryEstimate.Bytes(summary, new TrainingSpec { BatchSize = 32 }, 3_200);
    }

    [Fact]
    public async Task A_budget_that_holds_one_trial_runs_one_at_a_time_and_loses_nothing()
    {
        var budget = TrialNeed() * 3 / 2;

        var events = await Run("tight", budget);

        Assert.Equal(1, MostAtOnce(events));
    }

    [Fact]
    public async Task A_budget_that_holds_every_trial_runs_one_per_core()
    {
        var events = await Run("roomy", TrialNeed() * 100);

        Assert.Equal(Math.Min(3, Environment.ProcessorCount), MostAtOnce(events));
    }

    private async Task<IReadOnlyList<ISweepEvent>> Run(string name, long budget)
    {
        var run = _children.Sweep("run", _children.WriteSweepFile(name, trials: 3, epochs: 2), "--slots", "auto", "--memory-budget", $"{budget}B");
        var sweepId = (await run.StandardOutput.ReadLineAsync())!.Trim();
        await run.WaitForExitAsync();
        Assert.True(run.ExitCode == 0, await run.StandardError.ReadToEndAsync());
        Assert.All((await _children.View(sweepId))!.Value.Trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        return await _children.Events(sweepId);
    }

    /// <summary>The most trials between dispatch and finish at one moment.</summary>
    private static int MostAtOnce(IReadOnlyList<ISweepEvent> events)
    {
        var changes = events.OfType<TrialDispatched>().Select(d => (d.At, Step: 1))
            .Concat(events.OfType<TrialFinished>().Select(f => (f.At, Step: -1)))
            .OrderBy(c => c.At).ThenBy(c => c.Step);
        var (now, most) = (0, 0);
        foreach (var (_, step) in changes)
            most = Math.Max(most, now += step);
        return most;
    }
}
