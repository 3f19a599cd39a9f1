using Akka.Actor;
using Akka.Cluster;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// Completes <c>lost</c> once the node, having joined, has seen no Up and reachable coordinator for
/// <c>grace</c>: subscribed to the cluster's member and reachability events, a timer runs while
/// <see cref="CoordinatorPresence.Absent"/> and is cancelled when a coordinator comes back.
/// </summary>
public sealed class CoordinatorWatch : ReceiveActor, IWithTimers
{
    private const string GraceTimer = "grace";
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private CoordinatorPresence _presence = CoordinatorPresence.Initial;

    public CoordinatorWatch(string coordinatorRole, TimeSpan grace, TaskCompletionSource lost)
    {
        Receive<ClusterEvent.IMemberEvent>(e => Update(_presence.MemberChanged(e.Member.UniqueAddress, e.Member.Status, e.Member.HasRole(coordinatorRole), _cluster.SelfUniqueAddress), grace));
        Receive<ClusterEvent.UnreachableMember>(e => Update(_presence.ReachabilityChanged(e.Member.UniqueAddress, reachable: false), grace));
        Receive<ClusterEvent.ReachableMember>(e => Update(_presence.ReachabilityChanged(e.Member.UniqueAddress, reachable: true), grace));
        Receive<GraceOver>(_ =>
        {
            lost.TrySetResult();
            Context.Stop(Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string coordinatorRole, TimeSpan grace, TaskCompletionSource lost) =>
        Akka.Actor.Props.Create(() => new CoordinatorWatch(coordinatorRole, grace, lost));

    protected override void PreStart() => _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
        typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Update(CoordinatorPresence presence, TimeSpan grace)
    {
        _presence = presence;
        if (!presence.Absent)
            Timers.Cancel(GraceTimer);
        else if (!Timers.IsTimerActive(GraceTimer))
            Timers.StartSingleTimer(GraceTimer, GraceOver.Instance, grace);
    }

    private sealed class GraceOver
    {
        public static readonly GraceOver Instance = new();
    }
}
