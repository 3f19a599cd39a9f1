using Akka.Actor;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Api;

/// <summary>What the API answers from: the store's journal and read model, and the broker that carries out submissions and resumes.</summary>
/// <param name="Broker">The coordinator's broker; null where the API only reads a store (<c>sweep ui</c>).</param>
public sealed record SweepBackend(JournalProjection Projection, IActorRef? Broker)
{
    public static SweepBackend? Of(CoordinatorProcess? coordinator) => coordinator is null ? null : new(coordinator.Projection, coordinator.Broker);
}
