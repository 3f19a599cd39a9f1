using System.CommandLine;
using Serilog;
using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep report SWEEP</c>: the sweep's tables and figures as HTML, Markdown, PNG and SVG, from what is recorded.</summary>
public sealed class ReportCommand : Command
{
    public ReportCommand(CliServices services)
        : base("report", "Write a sweep's report (HTML, Markdown, PNG and SVG figures); works while it runs and after.")
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep id (see ./sweep list)." };
        var output = new Option<string?>("--out") { Description = "Folder to write into (default ./reports/SWEEP)." };
        var metric = new Option<string?>("--metric") { Description = "Rank and group by this metric (default test_accuracy, or val_accuracy without a test set)." };
        metric.AcceptOnlyFromAmong([.. Leaderboard.Metrics]);
        var trials = new Option<string[]>("--trial") { Description = "Also show this trial's confusion matrix and class report (repeatable).", AllowMultipleArgumentsPerToken = false };
        var database = SharedOptions.Database();
        Add(sweep);
        Add(output);
        Add(metric);
        Add(trials);
        Add(database);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database")));
            var sweepId = parse.GetValue(sweep)!;
            var data = await ReportData.LoadAsync(settings, sweepId, parse.GetValue(metric));
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("reports", sweepId));
            var files = SweepReport.Write(data, folder, parse.GetValue(trials) ?? []);
            // The paths alone, one a line, so a script can open them.
            services.Output.WriteLine(files.Html);
            services.Output.WriteLine(files.Markdown);
            Log.Information("Report of {SweepId}: {Figures} figures in {Folder}", sweepId, files.Figures.Count, Path.Combine(folder, "figures"));
            return ExitCodes.Success;
        }));
    }
}
