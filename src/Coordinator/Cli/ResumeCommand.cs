using System.CommandLine;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep resume ID</c>: continue a stopped or crashed sweep from the store alone.</summary>
public sealed class ResumeCommand : Command
{
    public ResumeCommand(CliServices services)
        : base("resume", "Continue a stopped or crashed sweep: finished trials stay, interrupted ones resume from their last epoch checkpoint.")
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep id that run printed." };
        var slots = new Option<int>("--slots") { Description = "Trials trained at once on this machine.", DefaultValueFactory = _ => 1 };
        var device = SharedOptions.Device();
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        Add(sweep);
        Add(slots);
        Add(device);
        Add(database);
        Add(checkpoints);
        SetAction((parse, cancel) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (device, "Torch:Device"), (database, "Store:Database"), (checkpoints, "Store:Checkpoints")));
            return await new SweepRunner(services, settings).RunAsync(parse.GetValue(sweep)!, submit: null, Math.Max(1, parse.GetValue(slots)), cancel);
        }));
    }
}
