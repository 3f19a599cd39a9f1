using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// The leaderboard for scripts and spreadsheets, as CSV or JSON with the same flat fields: one
/// <c>param.PATH</c> per varied parameter (scalars, not a JSON blob), every registered metric, the
/// metric ranked by, and how long each trial took. Numbers keep their full precision: this is data.
/// </summary>
public static class LeaderboardExport
{
    public const string ParameterPrefix = "param.";

    /// <summary>A row with no values: what names the columns of a board with no rows.</summary>
    private static readonly LeaderboardRow Empty = new(0, "", "", "", [], null, null, null, null, null, null, 0, 0, null);

    /// <summary>Every row's fields, in column order.</summary>
    public static IReadOnlyList<IReadOnlyList<(string Name, JsonNode? Value)>> Records(LeaderboardDocument board) =>
        [.. board.Rows.Select(r => Record(r, board.Parameters, board.Metric))];

    public static string Csv(LeaderboardDocument board)
    {
        var records = Records(board);
        var header = records.Count > 0 ? records[0].Select(f => f.Name) : Record(Empty, board.Parameters, board.Metric).Select(f => f.Name);
        return string.Join('\n', [CsvText.Line(header), .. records.Select(r => CsvText.Line(r.Select(f => Text(f.Value))))]);
    }

    public static string Json(LeaderboardDocument board) =>
        new JsonArray([.. Records(board).Select(r => (JsonNode)new JsonObject(r.Select(f => KeyValuePair.Create(f.Name, f.Value))))])
            .ToJsonString(CliJson.Options);

    private static List<(string Name, JsonNode? Value)> Record(LeaderboardRow r, IReadOnlyList<string> parameters, string metric)
    {
        var values = r.Parameters ?? r.Overrides;
        return
        [
            ("rank", r.Rank), ("trial_id", r.TrialId), ("label", r.Label), ("state", r.State),
            .. parameters.Select(p => (ParameterPrefix + p, values[p]?.DeepClone())),
            .. MetricRegistry.All.Select(m => (m.Name, (JsonNode?)Number(RowMetrics.Of(m, r)))),
            ("ranked_by", r.RankedBy ?? metric), ("epochs", r.Epochs), ("attempt", r.Attempt),
            ("duration_seconds", Number(r.TrainingSeconds)), ("wall_seconds", Number(r.WallSeconds)),
            ("node", r.Node), ("note", r.Note),
        ];
    }

    private static JsonValue? Number(double? value) => value is { } v ? JsonValue.Create(v) : null;

    /// <summary>A field's CSV text: strings bare, numbers in their shortest round-trip form, anything else as compact JSON.</summary>
    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => value.ToJsonString(),
    };
}
