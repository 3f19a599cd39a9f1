using System.Globalization;
using System.Text;
using SweepCluster.Coordinator.Queries;
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
            text.Append(CultureInfo.InvariantCulture, $"{r.Value.PadRight(width)}  {r.Count,3}  {r.Stopped,7}  {Numbers.Significant(r.Mean),10}  {Numbers.Significant(r.Std),10}  {Numbers.Significant(r.DiffToBase),10}{(string.IsNullOrEmpty(r.Change) ? "" : "  " + r.Change)}\n");
        text.Append(table.Means);
        return text.ToString().TrimEnd();
    }

    public static string Csv(GroupTable table)
    {
        var lines = new List<string> { "factor,value,change,n,stopped,mean,std,diff_to_base,trial_ids" };
        lines.AddRange(table.Rows.Select(r => string.Join(',', CsvText.Field(table.Factor), CsvText.Field(r.Value), CsvText.Field(r.Change ?? ""), r.Count, r.Stopped,
            Exact(r.Mean), Exact(r.Std), Exact(r.DiffToBase), string.Join(' ', r.TrialIds))));
        return string.Join('\n', lines);
    }

    // CSV is data for other tools: full precision.
    private static string Exact(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
