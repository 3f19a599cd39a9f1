using System.Text.Json;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A tiny real sweep, run once for all the query specs.</summary>
public sealed class FinishedSweep : IDisposable
{
    public FinishedSweep()
    {
        var file = new TinySweep("queries") { Seed = 2, BatchSize = null, LearningRates = [0.001, 0.01, 0.1] }.WriteTo(Folder);
        var (exitCode, output) = Query("run", file, "--device", "cpu", "--checkpoints", Path.Combine(Folder, "checkpoints"));
        if (exitCode != 0)
            throw new InvalidOperationException("the sweep failed: " + output);
        SweepId = output.Split('\n')[0].Trim();
    }

    private readonly TemporaryFolder _folder = new("sweep-queries-");

    public string Folder => _folder.Path;

    public string SweepId { get; }

    public (int ExitCode, string Output) Query(params string[] args) =>
        CliRunner.Run([.. args, "--db", Path.Combine(Folder, "sweeps.db")]);

    public void Dispose() => _folder.Dispose();
}

public sealed class QueryCommandSpecs(FinishedSweep sweep) : IClassFixture<FinishedSweep>
{
    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement;

    [Fact]
    public void List_json_has_the_sweep_with_its_counts()
    {
        var (exitCode, output) = sweep.Query("list", "--json");

        Assert.Equal(0, exitCode);
        var row = Assert.Single(Json(output).EnumerateArray());
        Assert.Equal(sweep.SweepId, row.GetProperty("sweep_id").GetString());
        Assert.Equal("queries", row.GetProperty("name").GetString());
        Assert.Equal("completed", row.GetProperty("state").GetString());
        Assert.Equal((3, 3), (row.GetProperty("trials_total").GetInt32(), row.GetProperty("trials_completed").GetInt32()));
    }

    [Fact]
    public void Leaderboard_json_ranks_by_test_accuracy_with_the_required_fields()
    {
        var (exitCode, output) = sweep.Query("leaderboard", sweep.SweepId, "--json");

        Assert.Equal(0, exitCode);
        var rows = Json(output).EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Matches("^[0-9a-f]{12}$", r.GetProperty("trial_id").GetString());
            Assert.Equal("completed", r.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Number, r.GetProperty("param.training.optimizer.learning_rate").ValueKind);
            Assert.InRange(r.GetProperty("val_accuracy").GetDouble(), 0, 1);
            Assert.InRange(r.GetProperty("val_macro_f1").GetDouble(), 0, 1);
            Assert.Equal(2, r.GetProperty("epochs").GetInt32());
            Assert.Equal("test_accuracy", r.GetProperty("ranked_by").GetString());
            Assert.True(r.GetProperty("duration_seconds").GetDouble() > 0);
            Assert.True(r.GetProperty("wall_seconds").GetDouble() >= r.GetProperty("duration_seconds").GetDouble());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("node").GetString()));
        });
        var accuracies = rows.Select(r => r.GetProperty("test_accuracy").GetDouble()).ToList();
        Assert.Equal(accuracies.OrderDescending(), accuracies);
    }

    [Fact]
    public void Leaderboard_ranks_losses_ascending_and_exports_csv_and_top_n()
    {
        var (_, csv) = sweep.Query("leaderboard", sweep.SweepId, "--metric", "val_loss", "--csv", "--top", "2");

        var lines = csv.Trim().Split('\n');
        Assert.StartsWith("rank,trial_id,label,state,param.training.optimizer.learning_rate,val_accuracy,val_loss", lines[0]);
        Assert.Contains(",ranked_by,epochs,attempt,duration_seconds,wall_seconds,node,note", lines[0]);
        Assert.Equal(3, lines.Length);
        var (_, json) = sweep.Query("leaderboard", sweep.SweepId, "--metric", "val_loss", "--json");
        var losses = Json(json).EnumerateArray().Select(r => r.GetProperty("val_loss").GetDouble()).ToList();
        Assert.Equal(losses.Order(), losses);
    }

    [Fact]
    public void Leaderboard_by_a_class_report_metric_shows_its_column_and_ranks_high_to_low()
    {
        var (exitCode, table) = sweep.Query("leaderboard", sweep.SweepId, "--metric", "val_macro_f1");
        var (_, json) = sweep.Query("leaderboard", sweep.SweepId, "--metric", "val_macro_f1", "--json");

        Assert.Equal(0, exitCode);
        Assert.Contains("│ val macro f1 │", table);
        Assert.Contains("│ learning_rate │", table);
        var scores = Json(json).EnumerateArray().Select(r => r.GetProperty("val_macro_f1").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public void Trial_json_has_spec_history_outcome_and_checkpoints()
    {
        var (_, board) = sweep.Query("leaderboard", sweep.SweepId, "--json");
        var best = Json(board)[0].GetProperty("trial_id").GetString()!;

        var (exitCode, output) = sweep.Query("trial", best, "--json", "--checkpoints", Path.Combine(sweep.Folder, "checkpoints"));

        Assert.Equal(0, exitCode);
        var trial = Json(output);
        Assert.Equal(2, trial.GetProperty("history").GetArrayLength());
        Assert.Equal(10, trial.GetProperty("outcome").GetProperty("test").GetProperty("confusion_matrix").GetArrayLength());
        Assert.True(Directory.Exists(trial.GetProperty("checkpoint_path").GetString()));
        Assert.Equal("fashion-mnist", trial.GetProperty("spec").GetProperty("dataset").GetProperty("name").GetString());
    }

    [Fact]
    public void Status_json_reports_progress()
    {
        var (exitCode, output) = sweep.Query("status", sweep.SweepId, "--json");

        Assert.Equal(0, exitCode);
        var status = Assert.Single(Json(output).EnumerateArray());
        Assert.Equal(0, status.GetProperty("sweep").GetProperty("trials_running").GetInt32());
        Assert.Equal(3, status.GetProperty("sweep").GetProperty("trials_completed").GetInt32());
        Assert.Equal(0, status.GetProperty("running").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("eta_seconds").ValueKind); // nothing left to run
    }

    [Fact]
    public void Queries_on_a_missing_store_or_sweep_say_what_is_missing()
    {
        var (noStore, message) = CliRunner.Run("list", "--db", Path.Combine(sweep.Folder, "none.db"));
        var (noSweep, other) = sweep.Query("leaderboard", "nothing-00000000");

        Assert.Equal((1, 1), (noStore, noSweep));
        Assert.Contains("No sweep store at", message);
        Assert.Contains("No sweep 'nothing-00000000'", other);
    }

    [Fact]
    public void Resume_and_cancel_name_an_unknown_sweep_and_cancelling_a_finished_one_changes_nothing()
    {
        var (resume, resumeOutput) = sweep.Query("resume", "nothing-00000000", "--device", "cpu");
        var (cancel, cancelOutput) = sweep.Query("cancel", "nothing-00000000");
        var (finished, finishedOutput) = sweep.Query("cancel", sweep.SweepId);

        Assert.Equal((1, 1, 0), (resume, cancel, finished));
        Assert.Contains("No sweep 'nothing-00000000'", resumeOutput);
        Assert.Contains("No sweep 'nothing-00000000'", cancelOutput);
        Assert.Contains("already completed", finishedOutput);
        Assert.Equal("completed", Json(sweep.Query("list", "--json").Output)[0].GetProperty("state").GetString());
    }
}
