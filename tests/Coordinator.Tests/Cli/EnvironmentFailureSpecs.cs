using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A failure that is the environment's (here a dataset folder that is missing) is retried, reported, and tried again by resume once fixed.</summary>
public sealed class EnvironmentFailureSpecs : IDisposable
{
    private readonly SweepChildren _children = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sweep-missing-data-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        _children.Dispose();
        if (Directory.Exists(_data) || File.Exists(_data))
            File.Delete(_data);
    }

    [Fact]
    public async Task A_missing_dataset_fails_the_run_with_its_cause_after_backed_off_retries_and_resume_trains_it_once_the_data_is_there()
    {
        var file = _children.WriteFile("missing-data.yaml", $$$"""
            name: missing-data
            seed: 1
            dataset: {name: fashion-mnist, path: {{{_data}}}, subset: 500, validation: 0.2, test_subset: 100}
            model:
              blocks:
                - {type: conv, filters: 4, pool: {kind: max, size: 2}}
            training: {epochs: 1, batch_size: 64}
            """);

        var (exitCode, output, errors) = await SweepChildren.Finish(_children.Sweep("run", file), TimeSpan.FromMinutes(3));
        var sweepId = output.Split('\n')[0].Trim();

        Assert.True(exitCode == 1, $"exit code {exitCode}: {output} {errors}");
        Assert.Contains("failed", output);
        Assert.Contains(_data, output);
        Assert.Contains($"./sweep resume {sweepId}", output);
        var dispatches = (await _children.Events(sweepId)).OfType<TrialDispatched>().ToList();
        Assert.Equal([1, 2, 3], dispatches.Select(d => d.Attempt));
        Assert.True(dispatches[2].At - dispatches[1].At >= TimeSpan.FromSeconds(10), "the second retry should wait out a 10 s back-off");

        File.CreateSymbolicLink(_data, "/usr/share/datasets/fashion-mnist");
        var resumed = await SweepChildren.Finish(_children.Sweep("resume", sweepId), TimeSpan.FromMinutes(3));

        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Errors);
        var trial = Assert.Single((await _children.View(sweepId))!.Value.Trials);
        Assert.Equal((TrialLifecycle.Completed, 1, 4), (trial.State, trial.LastEpoch, trial.Attempt));
    }
}
