using System.CommandLine;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep resume ID</c>: continue a stopped or crashed sweep from the store alone, here or on a cluster.</summary>
public sealed class ResumeCommand : Command
{
    public ResumeCommand(CliServices services)
        : base("resume", "Continue a stopped or crashed sweep: finished trials stay, interrupted ones resume from their last epoch checkpoint.")
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep id that run printed." };
        var device = SharedOptions.Device();
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        var torchLib = SharedOptions.TorchLib();
        var plain = SharedOptions.Plain();
        var allowChangedData = SharedOptions.AllowChangedData();
        Add(sweep);
        var capacity = new CapacityOptions(this, "Trials trained at once on this machine.");
        Add(device);
        Add(database);
        Add(checkpoints);
        Add(torchLib);
        Add(plain);
        Add(allowChangedData);
        var coordinator = new CoordinatorAccess(this, required: false);
        SetAction((parse, cancel) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse,
                [.. capacity.Settings, (device, "Torch:Device"), (torchLib, "Torch:LibDirectory"), (database, "Store:Database"), (checkpoints, "Store:Checkpoints")]));
            if (!coordinator.IsGiven(parse))
            {
                return await new SweepRunner(services, settings).RunAsync(
                    parse.GetValue(sweep)!, submit: null, capacity.Read(parse, settings.Node), ProgressView.CanRedraw(services.Console, parse.GetValue(plain)), cancel, parse.GetValue(allowChangedData));
            }
            // The cluster's coordinator takes it over; its nodes train it, this process only asks.
            await using var client = coordinator.Connect(parse);
            ProgressView.Line(services.Console, (await client.ResumeAsync(parse.GetValue(sweep)!, parse.GetValue(allowChangedData))).ToProgress());
            return ExitCodes.Success;
        }));
    }
}
