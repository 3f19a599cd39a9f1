using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Ranking;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class LeaderboardTableSpecs
{
    /// <summary>Trials of a random search as examples/asha.yaml samples them: four varied parameters, values with 17 digits, some stopped by the scheduler.</summary>
    internal static IReadOnlyList<LeaderboardRow> RandomSearch(int trials)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(1, trials).Select(i =>
        {
            var stopped = i % 3 == 0;
            var overrides = new JsonObject
            {
                ["training.optimizer.learning_rate"] = Math.Exp(random.NextDouble() * -8),
                ["model.head.dense[0].dropout"] = random.NextDouble() * 0.6,
                ["model.blocks[0].filters"] = new[] { 8, 16, 32 }[i % 3],
                ["model.blocks[0].kernel"] = new[] { 3, 5 }[i % 2],
            };
            return new LeaderboardRow(i, $"{i:x12}", $"sample {i}", stopped ? "stopped" : "completed", overrides,
                0.8 + random.NextDouble() / 10, random.NextDouble(), stopped ? null : 0.8 + random.NextDouble() / 10, stopped ? null : random.NextDouble(),
                0.9, random.NextDouble(), stopped ? 1 : 9, 1, "gpu-node-1",
                stopped ? "stopped by asha at rung 1 (epoch 1): val_accuracy 0.8123456789 is not in the top 1/3 of the 7 trials that reached it, so it stops here" : null);
        })];
    }

    [Fact]
    public void A_random_search_table_at_160_columns_takes_one_line_per_trial()
    {
        var rows = RandomSearch(12);

        var text = TextConsole.Render(LeaderboardTable.Build(rows, "test_accuracy", width: 160), 160);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 160, line));
        Assert.All(rows, r => Assert.True(lines.Count(line => line.Contains(r.TrialId)) == 1, text));
        // Top border, titles, rule, a line per trial, bottom border: nothing wrapped onto a second line.
        Assert.Equal(rows.Count + 4, lines.Length);
        Assert.Contains("learning_rate", lines[1]);
        Assert.Contains("dropout", lines[1]);
        Assert.Contains("why it ended", lines[1]);
    }

    [Fact]
    public void Numbers_are_shown_to_four_significant_digits()
    {
        var row = RandomSearch(1)[0] with { ValAccuracy = 0.84567891234567, TestLoss = 0.30000000000000004 };
        row.Overrides["training.optimizer.learning_rate"] = 0.0012345678901234567;

        var text = TextConsole.Render(LeaderboardTable.Build([row], "test_accuracy", width: 160), 160);

        Assert.Contains(" 0.001235 ", text);
        Assert.Contains(" 84.57% ", text);
        Assert.Contains(" 0.3 ", text);
        Assert.False(Regex.IsMatch(text.Replace(row.TrialId, ""), "[0-9]{8,}"), text);
    }

    [Theory]
    [InlineData("val_loss", "val loss")]
    [InlineData("val_macro_f1", "val macro f1")]
    [InlineData("test_roc_auc", "test roc auc")]
    public void The_metric_ranked_by_has_its_column_beside_the_default_ones(string metric, string header)
    {
        var rows = RandomSearch(2).Select(r => r with { ValMacroF1 = 0.8123, TestRocAuc = 0.9876 }).ToList();

        var titles = TextConsole.Render(LeaderboardTable.Build(rows, metric, width: 200), 200).Split('\n')[1];

        Assert.Contains(header, titles);
        Assert.Contains("val acc", titles);
        Assert.Contains("test acc", titles);
        Assert.Contains("test loss", titles);
    }

    [Fact]
    public void The_table_shows_the_parameters_named_even_when_a_row_does_not_override_them()
    {
        var row = RandomSearch(1)[0] with { Overrides = [], Parameters = new JsonObject { ["training.batch_size"] = 64 } };

        var text = TextConsole.Render(LeaderboardTable.Build([row], "test_accuracy", width: 160, ["training.batch_size"]), 160);

        Assert.Contains("batch_size", text);
        Assert.Contains(" 64 ", text);
    }
}
