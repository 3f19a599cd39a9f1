using System.Diagnostics;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>
/// A store whose disk fills up mid-sweep (a tmpfs filled to the last byte; mounting needs root, which
/// CI has): the run ends at once naming the store and how to go on, and nothing recorded is lost.
/// </summary>
public sealed class FullDiskSpecs : IDisposable
{
    private readonly SweepChildren _children = new();
    private readonly string _store;
    private readonly TemporaryFolder _checkpoints = new("sweep-full-disk-checkpoints-");

    public FullDiskSpecs()
    {
        _store = Path.GetDirectoryName(_children.Database)!;
        Shell("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", _store);
        _children.Checkpoints = _checkpoints.Path;
    }

    public void Dispose()
    {
        Shell("umount", "-l", _store);
        _children.Dispose();
        _checkpoints.Dispose();
    }

    [Fact]
    public async Task A_store_that_fills_up_ends_the_run_at_once_and_the_sweep_resumes_once_space_is_freed()
    {
        var file = _children.WriteFile("many.yaml", new TinySweep("many")
        {
            Seed = 4,
            Subset = 500,
            Epochs = 1,
            BatchSize = 64,
            Search = """
                strategy: random
                samples: 24
                parameters:
                  training.optimizer.learning_rate: {loguniform: [0.0001, 0.01]}
                """,
        }.Yaml());
        var run = _children.Sweep("run", file);
        var sweepId = (await run.StandardOutput.ReadLineAsync())!.Trim();
        await _children.WaitFor(sweepId, run, v => v.Sweep.Done >= 3);
        var filler = Path.Combine(_store, "filler");
        FillToTheLastByte(filler);

        var (exitCode, output, errors) = await SweepChildren.Finish(run, TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 1, $"exit code {exitCode}: {output} {errors}");
        Assert.True(output.Contains("could not record event") || output.Contains("cannot be written"), output);
        Assert.Contains($"./sweep resume {sweepId} --db {_children.Database}", output);
        File.Delete(filler);
        var resume = _children.Sweep("resume", sweepId);
        var resumed = await SweepChildren.Finish(resume, TimeSpan.FromMinutes(5));
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Errors);
        var view = (await _children.View(sweepId))!.Value;
        Assert.Equal(24, view.Trials.Count);
        Assert.All(view.Trials, t => Assert.Equal((TrialLifecycle.Completed, 1), (t.State, t.LastEpoch)));
    }

    /// <summary>Unbuffered writes of 64 KiB, then of one byte, until the disk refuses: not a byte is left.</summary>
    private static void FillToTheLastByte(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 64 * 1024, 1 })
        {
            try
            {
                while (true)
                    file.Write(new byte[size]);
            }
            catch (IOException)
            {
                // No space left for a block of this size.
            }
        }
    }

    private static void Shell(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} failed (this test needs root, as CI has): {error}");
    }
}
