using SweepCluster.Coordinator.Cli;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class ProgressBoardSpecs
{
    private static EpochMetrics Epoch(int epoch, double seconds) => new(epoch, 0.5, 0.8, 0.6, 0.75, 0.001, seconds, 1000);

    private static ProgressBoard Board(int trials, int epochs)
    {
        var board = new ProgressBoard("s-00000000", "s");
        for (var i = 0; i < trials; i++)
            board.Trial($"t{i}", $"trial {i}", new Dictionary<string, string> { ["training.optimizer.learning_rate"] = $"0.00{i + 1}" }, epochs);
        board.Totals(trials, 0, 0, trials, 0);
        return board;
    }

    [Fact]
    public void The_eta_is_the_epochs_left_at_the_measured_pace_over_the_slots_in_use()
    {
        var board = Board(trials: 4, epochs: 5);
        foreach (var id in new[] { "t0", "t1" })
        {
            var row = board.Trial(id, "", new Dictionary<string, string>(), 5);
            row.State = TrialLifecycle.Running;
            row.Trained(Epoch(1, 10));
            row.Trained(Epoch(2, 10));
        }
        board.Totals(4, 0, 2, 2, 0);

        // 3 + 3 epochs left in the running trials, 5 + 5 in the queued ones: 16 at 10 s, two at a time.
        Assert.Equal(TimeSpan.FromSeconds(80), board.Eta);
        Assert.Equal(TimeSpan.FromSeconds(30), board.Trial("t0", "", new Dictionary<string, string>(), 5).Eta(board.SecondsPerEpoch));
    }

    [Fact]
    public void The_eta_does_not_move_while_trials_keep_their_pace()
    {
        var board = Board(trials: 2, epochs: 4);
        var row = board.Trial("t0", "", new Dictionary<string, string>(), 4);
        row.State = TrialLifecycle.Running;
        board.Totals(2, 0, 1, 1, 0);
        var etas = new List<TimeSpan?>();
        for (var epoch = 1; epoch <= 4; epoch++)
        {
            row.Trained(Epoch(epoch, 5));
            etas.Add(board.Eta);
        }

        Assert.Equal([TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(20)], etas);
    }

    [Fact]
    public void No_eta_before_an_epoch_was_measured_and_none_left_once_every_trial_is_done()
    {
        var board = Board(trials: 2, epochs: 3);

        Assert.Null(board.Eta);
        foreach (var row in board.Rows)
            board.Ended(row, TrialLifecycle.Completed, null);
        board.Totals(2, 2, 0, 0, 0);
        Assert.Equal(TimeSpan.Zero, board.Eta);
    }

    [Fact]
    public void An_epoch_reported_again_by_a_resumed_attempt_counts_once()
    {
        var board = Board(trials: 1, epochs: 3);
        var row = board.Rows.Single();
        row.Trained(Epoch(1, 10));
        row.Trained(Epoch(1, 10));

        Assert.Equal((1, 10.0), (row.MeasuredEpochs, row.MeasuredSeconds));
    }

    [Fact]
    public void Visible_rows_are_running_first_then_the_latest_ended_then_queued_and_no_more_than_fit()
    {
        var board = Board(trials: 6, epochs: 2);
        var rows = board.Rows.ToDictionary(r => r.TrialId);
        board.Ended(rows["t0"], TrialLifecycle.Completed, null);
        board.Ended(rows["t1"], TrialLifecycle.Stopped, "stopped at rung 1");
        rows["t4"].State = TrialLifecycle.Running;

        Assert.Equal(["t4", "t1", "t0", "t2", "t3", "t5"], board.Visible(10).Select(r => r.TrialId));
        Assert.Equal(["t4", "t1", "t0"], board.Visible(3).Select(r => r.TrialId));
    }

    [Fact]
    public void The_table_has_the_totals_a_column_per_parameter_and_rows_that_fit_the_height()
    {
        var board = Board(trials: 30, epochs: 2);

        var text = TextConsole.Render(ProgressTable.Build(board, height: 20), 160);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.StartsWith("s (s-00000000): 0/30 done, 0 running, 0 failed", lines[0]);
        Assert.Contains("learning_rate", lines[2]);
        Assert.True(lines.Length <= 20, text);
    }
}
