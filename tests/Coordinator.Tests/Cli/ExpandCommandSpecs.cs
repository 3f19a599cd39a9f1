using System.Text.Json;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class ExpandCommandSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-expand-");

    public void Dispose() => _folder.Dispose();

    private static string Example(string name) => RepositoryPaths.Example(name);

    private string Write(string text) => _folder.Write("sweep.yaml", text);

    private const string Small = "name: small\ndataset: {subset: 1000}\nmodel:\n  blocks:\n    - {type: conv, filters: 8, batch_norm: after}\ntraining:\n  epochs: 2\n";

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
        var file = _folder.Write("bad.yaml", "name: bad\ntraining:\n  epochs: 0\n  batchsize: 3\n");

        var (exitCode, output) = CliRunner.Run("expand", file);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{file}:4:3: training.batchsize: unknown key 'batchsize' (did you mean 'batch_size'?)", output);
    }

    [Fact]
    public void An_unclosed_list_is_a_located_error_not_a_stack_trace()
    {
        var file = Write(Small + "search:\n  strategy: grid\n  parameters:\n    training.optimizer.learning_rate: [0.001, 0.003\n    training.batch_size: [32, 64]\n");

        var (exitCode, output) = CliRunner.Run("expand", file);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{file}:", output);
        Assert.Contains("(file): not valid YAML: ", output);
        Assert.DoesNotContain("unexpected", output);
    }

    [Fact]
    public void A_grid_over_the_trial_limit_is_refused_with_its_count_before_expanding()
    {
        var grid = string.Concat(Enumerable.Range(0, 5).Select(a => $"    training.p{a}: [{string.Join(", ", Enumerable.Range(1, 11))}]\n"));
        var file = Write(Small + "search:\n  strategy: grid\n  parameters:\n" + grid);

        var (exitCode, output) = CliRunner.Run("expand", file);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{file}:8:1: search: plans 161,051 trials; at most 100,000 are allowed (setting SweepFiles:MaxTrials)", output);
    }

    [Fact]
    public void A_short_keras_run_of_a_batch_norm_model_expands_with_a_warning()
    {
        var file = Write(Small.Replace("  epochs: 2\n", "  epochs: 2\n  conventions: keras\n"));

        var (exitCode, output) = CliRunner.Run("expand", file);

        Assert.Equal(0, exitCode);
        Assert.Contains("warning: 1 trial(s) train a BatchNorm model with conventions keras for under 1,000 optimizer steps (fewest 58)", output);
        Assert.DoesNotContain("warning:", CliRunner.Run("expand", Write(Small)).Output);
    }
}
