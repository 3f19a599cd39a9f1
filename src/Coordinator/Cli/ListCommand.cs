using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep list</c>: every sweep in the store (or on a coordinator), with its state and progress.</summary>
public sealed class ListCommand : Command
{
    public ListCommand(CliServices services)
        : base("list", "List the sweeps in the store (or a coordinator's) with their state and progress.")
    {
        var json = SharedOptions.Json();
        var database = SharedOptions.Database();
        Add(json);
        Add(database);
        var coordinator = new CoordinatorAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database")));
            await using var source = await coordinator.OpenAsync(parse, settings, parse.GetValue(json) ? null : services.Console);
            var sweeps = await source.SweepsAsync();
            if (parse.GetValue(json))
            {
                services.Output.WriteLine(JsonSerializer.Serialize(sweeps, SpecJson.Options));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("sweep", "name", "state", "done", "failed", "running", "queued", "trials", "submitted");
            foreach (var s in sweeps)
            {
                table.AddRow(s.SweepId, Markup.Escape(s.Name), s.State, N(s.TrialsCompleted), N(s.TrialsFailed), N(s.TrialsRunning), N(s.TrialsQueued), N(s.TrialsTotal),
                    s.SubmittedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }
            services.Console.Write(table);
            return ExitCodes.Success;
        }));
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
