using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class LeaderboardExportSpecs
{
    private static LeaderboardDocument Board()
    {
        var rows = LeaderboardTableSpecs.RandomSearch(3)
            .Select(r => r with { Parameters = (JsonObject)r.Overrides.DeepClone(), TrainingSeconds = 12.5 * r.Rank, WallSeconds = 14.0 * r.Rank, RankedBy = "val_accuracy", ValMacroF1 = 0.75 })
            .ToList();
        var sweep = new SweepDocument("asha-0000abcd", "asha", "completed", 3, 3, 0, 0, 0, "asha.yaml", DateTimeOffset.UnixEpoch, null);
        return new LeaderboardDocument(sweep, "val_accuracy", [.. rows[0].Overrides.Select(o => o.Key)], rows, Leaderboard.Rule("val_accuracy", rows));
    }

    [Fact]
    public void Csv_has_a_scalar_field_per_varied_parameter_every_metric_and_the_times()
    {
        var board = Board();

        var lines = LeaderboardExport.Csv(board).Split('\n');

        var header = lines[0].Split(',');
        Assert.Equal(["rank", "trial_id", "label", "state",
            "param.training.optimizer.learning_rate", "param.model.head.dense[0].dropout", "param.model.blocks[0].filters", "param.model.blocks[0].kernel",
            .. MetricRegistry.Names, "ranked_by", "epochs", "attempt", "duration_seconds", "wall_seconds", "node", "note"], header);
        Assert.Equal(4, lines.Length);
        var first = lines[1].Split(',');
        var at = (string name) => first[Array.IndexOf(header, name)];
        Assert.Equal(board.Rows[0].Overrides["training.optimizer.learning_rate"]!.GetValue<double>(), double.Parse(at("param.training.optimizer.learning_rate"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("16", at("param.model.blocks[0].filters"));
        Assert.Equal(("12.5", "14", "gpu-node-1", "val_accuracy", "0.75"), (at("duration_seconds"), at("wall_seconds"), at("node"), at("ranked_by"), at("val_macro_f1")));
        Assert.Equal("", at("val_roc_auc"));
    }

    [Fact]
    public void Csv_quotes_a_note_with_commas_and_keeps_one_line_per_trial()
    {
        var lines = LeaderboardExport.Csv(Board()).Split('\n');

        Assert.EndsWith("\"stopped by asha at rung 1 (epoch 1): val_accuracy 0.8123456789 is not in the top 1/3 of the 7 trials that reached it, so it stops here\"", lines[3]);
    }

    [Fact]
    public void Json_has_the_same_flat_fields_with_numbers_as_numbers()
    {
        var board = Board();

        var rows = JsonDocument.Parse(LeaderboardExport.Json(board)).RootElement.EnumerateArray().ToList();

        Assert.Equal(3, rows.Count);
        var first = rows[0];
        Assert.Equal(board.Rows[0].TrialId, first.GetProperty("trial_id").GetString());
        Assert.Equal(16, first.GetProperty("param.model.blocks[0].filters").GetInt32());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("param.training.optimizer.learning_rate").ValueKind);
        Assert.Equal(12.5, first.GetProperty("duration_seconds").GetDouble());
        Assert.Equal("val_accuracy", first.GetProperty("ranked_by").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("test_roc_auc").ValueKind);
        Assert.False(first.TryGetProperty("overrides", out _));
        Assert.Equal(LeaderboardExport.Csv(board).Split('\n')[0].Split(','), first.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void An_empty_board_still_has_a_csv_header()
    {
        var board = Board() with { Rows = [] };

        Assert.StartsWith("rank,trial_id,label,state,param.training.optimizer.learning_rate,", LeaderboardExport.Csv(board));
    }
}
