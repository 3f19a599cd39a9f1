using System.Text.RegularExpressions;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>
/// What `sweep run` shows while a real tiny sweep trains: in a terminal, one table redrawn in place;
/// written to a pipe, a line per event and nothing reprinted.
/// </summary>
public sealed partial class ProgressOutputSpecs : IDisposable
{
    private const int Epochs = 3;

    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    [Fact]
    public async Task In_a_terminal_run_redraws_one_table_in_place_and_prints_no_epoch_lines()
    {
        var file = _children.WriteSweepFile("live", trials: 2, epochs: Epochs);

        var (exitCode, screen, errors) = await SweepChildren.Finish(_children.InTerminal(160, 40, "run", file), TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, screen + errors);
        var redraws = CursorUp().Matches(screen).Count;
        Assert.True(redraws >= 1, screen);
        // Each redraw moves up over the last frame and writes the header and the table's titles again, once.
        Assert.Equal(redraws + 1, ProgressHeader().Matches(screen).Count);
        Assert.Equal(redraws + 1, Regex.Matches(screen, @"│ trial +│ learning_rate │ epoch").Count);
        Assert.DoesNotMatch(@": epoch \d+/\d+:", screen);
        Assert.Contains("│ rank │", screen); // the leaderboard at the end
    }

    [Fact]
    public async Task Written_to_a_pipe_run_prints_a_line_per_event_every_epoch_once_and_no_escape_codes()
    {
        var file = _children.WriteSweepFile("plain", trials: 4, epochs: Epochs, scheduler: "{type: asha, grace_period: 1, reduction_factor: 2}");
        var run = _children.Sweep("run", file);
        var sweepId = (await run.StandardOutput.ReadLineAsync())!.Trim();

        var (exitCode, output, errors) = await SweepChildren.Finish(run, TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, output + errors);
        Assert.DoesNotContain('\u001b', output);
        var lines = output.Split('\n');
        var view = (await _children.View(sweepId))!.Value;
        Assert.Contains(view.Trials, t => t.State == TrialLifecycle.Stopped);
        foreach (var trial in view.Trials)
        {
            // Every epoch recorded, those of a trial stopped at its first rung included, on one line of its own.
            foreach (var epoch in await _children.Epochs(sweepId, trial.TrialId))
                Assert.Single(lines, l => l.Contains($"{trial.TrialId} ") && l.Contains($": epoch {epoch.Epoch}/{Epochs}:"));
            Assert.Single(lines, l => l.Contains($"{trial.TrialId} ") && l.Contains(": started"));
            Assert.Single(lines, l => l.Contains($"{trial.TrialId} ") && l.Contains($": {trial.State.Text()}"));
        }
        // The totals come only after a trial ended, never between one trial's epoch lines.
        var totals = Enumerable.Range(0, lines.Length).Where(i => ProgressHeader().IsMatch(lines[i])).ToList();
        Assert.NotEmpty(totals);
        Assert.All(totals, i => Assert.Matches(@": (completed|stopped|early-stopped|diverged|failed)", lines[i - 1]));
        Assert.True(totals.Count <= view.Trials.Count);
    }

    [GeneratedRegex(@"\u001b\[\d+A")]
    private static partial Regex CursorUp();

    [GeneratedRegex(@"\(\w+-[0-9a-f]{8}\): \d+/\d+ done, \d+ running, \d+ failed")]
    private static partial Regex ProgressHeader();
}
