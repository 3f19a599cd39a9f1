using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A failure that is the environment's (here a dataset folder that is missing) is retried, reported, and tried again by resume once fixed.</summary>
public sealed class EnvironmentFailureSpecs : IDisposable
{
    private readonly SweepChildren _children = new();
    private readonly TemporaryFolder _folder = new("sweep-missing-data-");

    /// <summary>The dataset folder: missing until the spec links it to the real data.</summary>
    private string Data => _folder.File("fashion-mnist");

    public void Dispose()
    {
        _children.Dispose();
        if (Directory.Exists(Data) || File.Exists(Data))
            File.Delete(Data);
        _folder.Dispose();
    }

    [Fact]
    public async Task A_missingDataset_fails_the_run_with_its_cause_after_backed_off_retries_and_resume_trains_it_once_theData_is_there()
    {
        var file = _children.WriteFile("missing-data.yaml", new TinySweep("missing-data")
        {
            Seed = 1,
            DataPath = Data,
            Subset = 500,
            Epochs = 1,
            BatchSize = 64,
            Conventions = null,
            LearningRates = [],
        }.Yaml());

        var (exitCode, output, errors) = await SweepChildren.Finish(_children.Sweep("run", file), TimeSpan.FromMinutes(3));
        var sweepId = output.Split('\n')[0].Trim();

        Assert.True(exitCode == 1, $"exit code {exitCode}: {output} {errors}");
        Assert.Contains("failed", output);
        Assert.Contains(Data, output);
        Assert.Contains($"./sweep resume {sweepId}", output);
        var dispatches = (await _children.Events(sweepId)).OfType<TrialDispatched>().ToList();
        Assert.Equal([1, 2, 3], dispatches.Select(d => d.Attempt));
        Assert.True(dispatches[2].At - dispatches[1].At >= TimeSpan.FromSeconds(10), "the second retry should wait out a 10 s back-off");

        File.CreateSymbolicLink(Data, "/usr/share/datasets/fashion-mnist");
        var resumed = await SweepChildren.Finish(_children.Sweep("resume", sweepId), TimeSpan.FromMinutes(3));

        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Errors);
        var trial = Assert.Single((await _children.View(sweepId))!.Value.Trials);
        Assert.Equal((TrialLifecycle.Completed, 1, 4), (trial.State, trial.LastEpoch, trial.Attempt));
    }
}
