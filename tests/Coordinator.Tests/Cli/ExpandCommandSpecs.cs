using System.Text.Json;
using SweepCluster.Testing;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class ExpandCommandSpecs
{
    private static string Example(string name) => RepositoryPaths.Example(name);

    [Fact]
    public void Json_lists_every_trial_with_id_overrides_and_parameter_counts()
    {
        var (exitCode, output) = CliRunner.Run("expand", Example("study-b.yaml"), "--json");

        Assert.Equal(0, exitCode);
        var trials = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(22, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Matches("^[0-9a-f]{12}$", t.GetProperty("id").GetString());
            Assert.Equal(JsonValueKind.Object, t.GetProperty("overrides").ValueKind);
            Assert.True(t.GetProperty("trainable_parameters").GetInt64() > 0);
            Assert.True(t.GetProperty("non_trainable_parameters").GetInt64() >= 0);
        });
        Assert.Empty(trials[0].GetProperty("overrides").EnumerateObject());
    }

    [Fact]
    public void The_table_shows_study_a_baseline_counts()
    {
        var (exitCode, output) = CliRunner.Run("expand", Example("study-a.yaml"));

        Assert.Equal(0, exitCode);
        Assert.Contains("421,834", output);
        Assert.Contains("(base)", output);
    }

    [Fact]
    public void The_table_says_what_the_scheduler_will_do()
    {
        var (exitCode, output) = CliRunner.Run("expand", Example("asha.yaml"));

        Assert.Equal(0, exitCode);
        Assert.Contains("27 trial(s)", output);
        Assert.Contains("Scheduler: ASHA on val_accuracy (max), budget 9 epochs, rungs at epochs 1, 3, top 1/3 go on.", output);
    }

    [Fact]
    public void A_bad_file_prints_every_error_with_file_and_line_and_exits_2()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("sweep-bad-").FullName, "bad.yaml");
        File.WriteAllText(file, "name: bad\ntraining:\n  epochs: 0\n  batchsize: 3\n");

        var (exitCode, output) = CliRunner.Run("expand", file);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{file}:4:3: training.batchsize: unknown key 'batchsize' (did you mean 'batch_size'?)", output);
    }
}
