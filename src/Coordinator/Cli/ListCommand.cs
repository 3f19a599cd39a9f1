using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep list</c>: every sweep in the store, from the journal (no coordinator needed).</summary>
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
            await using var store = StoreAccess.Open(settings);
            var sweeps = await store.ListAsync();
            if (parse.GetValue(json))
            {
                var rows = new JsonArray([.. sweeps.Select(v => (JsonNode)new JsonObject
                {
                    ["sweep_id"] = v.State.SweepId,
                    ["name"] = v.State.Name,
                    ["state"] = v.State.Phase.ToString().ToLowerInvariant(),
                    ["trials_total"] = v.State.Trials.Count,
                    ["trials_completed"] = v.State.Done,
                    ["trials_running"] = v.State.Running,
                    ["trials_queued"] = v.State.Queued,
                    ["file"] = v.State.File,
                })]);
                services.Output.WriteLine(rows.ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("sweep", "name", "state", "done", "running", "queued", "trials");
            foreach (var v in sweeps)
                table.AddRow(v.State.SweepId, Markup.Escape(v.State.Name), v.State.Phase.ToString().ToLowerInvariant(), v.State.Done.ToString(), v.State.Running.ToString(), v.State.Queued.ToString(), v.State.Trials.Count.ToString());
            services.Console.Write(table);
            return ExitCodes.Success;
        }));
    }
}
