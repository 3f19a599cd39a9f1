using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.Queries;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep list</c>: every sweep in the store, from the read model (no coordinator needed).</summary>
public sealed class ListCommand : Command
{
    public ListCommand(CliServices services)
        : base("list", "List the sweeps in the store with their state and progress.")
    {
        var json = SharedOptions.Json();
        var database = SharedOptions.Database();
        Add(json);
        Add(database);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database")));
            await using var queries = await StoreAccess.OpenAsync(settings);
            var sweeps = StoreAccess.ReadableSweeps(queries, parse.GetValue(json) ? null : services.Console);
            if (parse.GetValue(json))
            {
                services.Output.WriteLine(new JsonArray([.. sweeps.Select(s => (JsonNode)SweepJson.Summary(s))]).ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("sweep", "name", "state", "done", "failed", "running", "queued", "trials", "submitted");
            foreach (var s in sweeps)
                table.AddRow(s.SweepId, Markup.Escape(s.Name), s.State, N(s.Done), N(s.Failed), N(s.Running), N(s.Queued), N(s.Total), s.SubmittedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            services.Console.Write(table);
            return ExitCodes.Success;
        }));
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
