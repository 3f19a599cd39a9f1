using Akka.Actor;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>Turns the first <see cref="SweepStoreFailed"/> of a sweep on the event stream into a completed task.</summary>
public sealed class StoreFailureListener : ReceiveActor
{
    public StoreFailureListener(string sweepId, TaskCompletionSource<SweepStoreFailed> failed) =>
        Receive<SweepStoreFailed>(f => f.SweepId == sweepId, f => failed.TrySetResult(f));

    public static Props Props(string sweepId, TaskCompletionSource<SweepStoreFailed> failed) =>
        Akka.Actor.Props.Create(() => new StoreFailureListener(sweepId, failed));
}
