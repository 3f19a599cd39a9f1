using Akka.Actor;
using Spectre.Console;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Node;
using SweepCluster.GpuNode.Runtime;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Runs one sweep in the embedded deployment until it ends or the user stops it (Ctrl+C).</summary>
public sealed class SweepRunner(CliServices services, SweepSettings settings)
{
    public const int Interrupted = 130;

    /// <param name="submit">The sweep to submit, or null to resume <paramref name="sweepId"/> from the store.</param>
    public async Task<int> RunAsync(string sweepId, SubmitSweep? submit, int slots, CancellationToken stop)
    {
        var runtime = TorchRuntime.Initialize(new TorchRuntimeOptions(
            settings.Torch.Device, settings.Torch.LibDirectory, settings.Torch.CacheDirectory ?? TorchRuntimeOptions.DefaultCacheDirectory()));
        var threads = Math.Max(1, Environment.ProcessorCount / slots);
        var runner = new TorchTrialRunner(new DatasetCache(), settings.Datasets.PathFor, runtime.Device, threads);
        var coordinator = CoordinatorSettings.Default(Path.GetFullPath(settings.Store.Checkpoints));
        await using var host = EmbeddedHost.Start(settings.Store.Database, coordinator, slots, runtime.Device, runner);
        if (submit is not null)
            host.Broker.Tell(submit);
        var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep(sweepId), TimeSpan.FromSeconds(30));
        var progress = new ProgressView(services.Console);
        SweepState state;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            state = await sweep.Ask<SweepState>(new GetSweepState(sweepId), TimeSpan.FromSeconds(30));
            if (state.Phase == SweepPhase.New)
            {
                services.Console.MarkupLineInterpolated($"[red]error:[/] no sweep '{sweepId}' in {settings.Store.Database}; list them with ./sweep list");
                return ExitCodes.Failure;
            }
            progress.Show(state);
        }
        while (state.Phase == SweepPhase.Running && !stop.IsCancellationRequested);

        if (state.Phase == SweepPhase.Running)
        {
            services.Console.MarkupLineInterpolated($"Stopped. Finished trials are kept; running ones resume from their last epoch checkpoint with: ./sweep resume {sweepId}");
            return Interrupted;
        }
        Leaderboard.Print(services.Console, state, Leaderboard.Rows(state, "test_accuracy"));
        return state.Phase == SweepPhase.Completed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
