using System.Globalization;
using System.Text;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>leaderboard --by FACTOR</c>: one grouped table of the report, as text, JSON or CSV.</summary>
public static class GroupedResults
{
    public static string Text(SweepProgress sweep, GroupTable table)
    {
        var text = new StringBuilder($"{sweep.Name} ({sweep.SweepId}), {sweep.Done}/{sweep.Total} done: {table.Metric} by {table.Factor} ({table.Kind})\n");
        if (table.Binning is { } binning)
            text.Append(CultureInfo.InvariantCulture, $"{table.Factor} in {binning}\n");
        var width = Math.Max(5, table.Rows.Max(r => r.Value.Length));
        text.Append(CultureInfo.InvariantCulture, $"{"value".PadRight(width)}  {"n",3}  {"stopped",7}  {"mean",10}  {"std",10}  {"vs base",10}\n");
        foreach (var r in table.Rows)
            text.Append(CultureInfo.InvariantCulture, $"{r.Value.PadRight(width)}  {r.Count,3}  {r.Stopped,7}  {Leaderboard.Number(r.Mean),10}  {Leaderboard.Number(r.Std),10}  {Leaderboard.Number(r.DiffToBase),10}{(string.IsNullOrEmpty(r.Change) ? "" : "  " + r.Change)}\n");
        text.Append(table.Means);
        return text.ToString().TrimEnd();
    }

    public static string Csv(GroupTable table)
    {
        var lines = new List<string> { "factor,value,change,n,stopped,mean,std,diff_to_base,trial_ids" };
        lines.AddRange(table.Rows.Select(r => string.Join(',', Leaderboard.CsvField(table.Factor), Leaderboard.CsvField(r.Value), Leaderboard.CsvField(r.Change ?? ""), r.Count, r.Stopped,
            Leaderboard.Number(r.Mean), Leaderboard.Number(r.Std), Leaderboard.Number(r.DiffToBase), string.Join(' ', r.TrialIds))));
        return string.Join('\n', lines);
    }
}
