using Akka.Actor;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// What clients outside the cluster may ask (through the cluster client receptionist): submit a sweep
/// file, ask a sweep's progress, cancel it. Everything from the network is validated here, and
/// answers are messages of the client protocol, never internal state. Progress comes from the read
/// model, as every user-visible view does; commands go to the broker singleton without waiting for
/// its internal reply (which may live on another coordinator process and is not a network message).
/// </summary>
public sealed class SweepApi : ReceiveActor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public SweepApi(IActorRef broker, JournalProjection projection, string database)
    {
        ReceiveAsync<SubmitSweepFile>(async s =>
        {
            var sender = Sender;
            SweepPlan plan;
            try
            {
                plan = SweepExpander.Expand(s.File, s.Source);
            }
            catch (SweepFileException e)
            {
                sender.Tell(new RequestRefused($"{s.File} has {e.Errors.Count} error(s)", [.. e.Errors.Select(x => x.ToString())]));
                return;
            }
            var sweepId = SweepIds.For(plan);
            broker.Tell(new SubmitSweep(sweepId, plan.Name, s.File, s.Source, [.. plan.Trials.Select(Definitions.Of)]), ActorRefs.NoSender);
            sender.Tell(await Progress(projection, database, sweepId, until: p => p is SweepProgress));
        });
        ReceiveAsync<GetSweepProgress>(async g => Sender.Tell(await Progress(projection, database, g.SweepId)));
        ReceiveAsync<CancelSweep>(async c =>
        {
            var sender = Sender;
            if (await Progress(projection, database, c.SweepId) is RequestRefused refused)
            {
                sender.Tell(refused);
                return;
            }
            var sweep = await broker.Ask<IActorRef>(new OpenSweep(c.SweepId), Timeout);
            sweep.Tell(c, ActorRefs.NoSender);
            sender.Tell(await Progress(projection, database, c.SweepId, until: p => p is SweepProgress { State: not States.Running }));
        });
    }

    public static Props Props(IActorRef broker, JournalProjection projection, string database) =>
        Akka.Actor.Props.Create(() => new SweepApi(broker, projection, database));

    /// <param name="until">Waits (up to the timeout) for the read model to show the effect of a command just sent.</param>
    private static async Task<ISweepClusterMessage> Progress(JournalProjection projection, string database, string sweepId, Func<ISweepClusterMessage, bool>? until = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await projection.CatchUpAsync([sweepId]);
            using var connection = StoreConnections.Open(database);
            ISweepClusterMessage progress = new ReadModelReader(connection).Sweep(sweepId) is { } s
                ? new SweepProgress(s.SweepId, s.Name, s.State, s.Total, s.Done, s.Running, s.Queued, s.Failed)
                : new RequestRefused($"No sweep '{sweepId}' in the coordinator's store.", []);
            if (until is null || until(progress) || DateTime.UtcNow > deadline)
                return progress;
            await Task.Delay(100);
        }
    }
}
