using System.CommandLine;
using Spectre.Console;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep run FILE</c>: the embedded mode, coordinator and a local GPU node in this process.</summary>
public sealed class RunCommand : Command
{
    public RunCommand(CliServices services)
        : base("run", "Run a sweep here (coordinator and a local node in one process); running the same file again resumes it.")
    {
        var file = new Argument<string>("file") { Description = "The sweep file (YAML)." };
        var device = SharedOptions.Device();
        var torchLib = SharedOptions.TorchLib();
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        var plain = SharedOptions.Plain();
        var allowChangedData = SharedOptions.AllowChangedData();
        Add(file);
        var capacity = new CapacityOptions(this, "Trials trained at once on this machine.");
        Add(device);
        Add(torchLib);
        Add(database);
        Add(checkpoints);
        Add(plain);
        Add(allowChangedData);
        SetAction((parse, cancel) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse,
                [.. capacity.Settings, (device, "Torch:Device"), (torchLib, "Torch:LibDirectory"), (database, "Store:Database"), (checkpoints, "Store:Checkpoints")]));
            var path = parse.GetValue(file)!;
            var plan = SweepExpander.ExpandFile(path, settings.SweepFiles.Limits(), new DatasetResolver(settings.Datasets.Local()));
            var sweepId = SweepIds.For(plan);
            services.Output.WriteLine(sweepId);
            services.Console.MarkupLineInterpolated($"[bold]{plan.Name}[/]: {plan.Trials.Count} trial(s); store {StoreName.Of(settings.Store.Database)}");
            PlanWarnings.Show(services, plan);
            var submit = Definitions.Submission(sweepId, plan, Path.GetFullPath(path), File.ReadAllText(path));
            return await new SweepRunner(services, settings).RunAsync(
                sweepId, submit, capacity.Read(parse, settings.Node), ProgressView.CanRedraw(services.Console, parse.GetValue(plain)), cancel, parse.GetValue(allowChangedData));
        }));
    }
}
