using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>
/// The broker's wiring around a sweep's lock, taken off the actor: what waits for it, what a lock
/// another process holds or a failure to take it mean. The journal is a real SQLite file; the lock is a fake.
/// </summary>
public sealed class WorkBrokerSpecs : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _folder;
    private readonly CoordinatorSettings _settings;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<IDisposable?>> _locks = new();
    private readonly ConcurrentQueue<string> _taken = new();

    public WorkBrokerSpecs(ITestOutputHelper output)
        : this(Directory.CreateTempSubdirectory("sweep-broker-").FullName, output)
    {
    }

    private WorkBrokerSpecs(string folder, ITestOutputHelper output)
        : base(EventStore.SystemConfiguration(Path.Combine(folder, "sweeps.db")), "broker", output)
    {
        _folder = folder;
        _settings = CoordinatorSettings.Default(Path.Combine(folder, "checkpoints"));
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        Directory.Delete(_folder, recursive: true);
    }

    private static SubmitSweep Submit(string sweepId) => new(sweepId, "sweep", "s.yaml", "name: sweep",
        [new TrialDefinition("t0", 0, "trial 0", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 0), 1, 0)]);

    /// <summary>A broker whose lock for each sweep is answered when the test says.</summary>
    private IActorRef Broker() => Sys.ActorOf(WorkBroker.Props(_settings, own: sweepId =>
    {
        _taken.Enqueue(sweepId);
        return Lock(sweepId).Task;
    }));

    private TaskCompletionSource<IDisposable?> Lock(string sweepId) => _locks.GetOrAdd(sweepId, _ => new TaskCompletionSource<IDisposable?>(TaskCreationOptions.RunContinuationsAsynchronously));

    [Fact]
    public async Task Messages_for_a_sweep_wait_for_its_lock_while_other_sweeps_go_on()
    {
        var broker = Broker();
        var submitted = broker.Ask<SweepState>(Submit("s"), Patience);
        var opened = broker.Ask<IActorRef>(new OpenSweep("s"), Patience);

        Lock("other").SetResult(new Held());
        Assert.NotEqual(ActorRefs.Nobody, await broker.Ask<IActorRef>(new OpenSweep("other"), Patience));
        Assert.False(submitted.IsCompleted || opened.IsCompleted);

        Lock("s").SetResult(new Held());
        Assert.Single((await submitted).Trials);
        Assert.Equal(await opened, await broker.Ask<IActorRef>(new OpenSweep("s"), Patience));
        Assert.Equal(["s", "other"], _taken);
    }

    [Fact]
    public async Task A_sweep_another_process_holds_gets_no_coordinator_and_its_commands_are_dropped()
    {
        var broker = Broker();
        Lock("s").SetResult(null);
        var submitted = broker.Ask<SweepState>(Submit("s"), Quiet);

        Assert.Equal(ActorRefs.Nobody, await broker.Ask<IActorRef>(new OpenSweep("s"), Patience));
        await Assert.ThrowsAsync<AskTimeoutException>(() => submitted);
    }

    [Fact]
    public async Task A_failure_to_take_the_lock_reaches_the_supervisor_as_that_error()
    {
        Lock("s").SetException(new IOException("lock folder unreadable"));
        var supervisor = Sys.ActorOf(Akka.Actor.Props.Create(() => new Supervisor(WorkBroker.Props(_settings, null, sweepId => Lock(sweepId).Task), TestActor)));

        supervisor.Tell(new OpenSweep("s"));

        Assert.Equal("lock folder unreadable", (await ExpectMsgAsync<IOException>(Patience)).Message);
    }

    [Fact]
    public async Task A_stopped_broker_lets_go_of_its_locks_and_of_one_taken_after_it_stopped()
    {
        var broker = Broker();
        var owned = new Held();
        Lock("s").SetResult(owned);
        await broker.Ask<IActorRef>(new OpenSweep("s"), Patience);
        broker.Tell(new OpenSweep("late"));
        await AwaitConditionAsync(() => Task.FromResult(_taken.Contains("late")));

        await broker.GracefulStop(Patience);
        var late = new Held();
        Lock("late").SetResult(late);

        Assert.True(owned.Disposed);
        await AwaitConditionAsync(() => Task.FromResult(late.Disposed));
    }

    /// <summary>Forwards to its child and tells <paramref name="observer"/> what the child failed with.</summary>
    private sealed class Supervisor : ReceiveActor
    {
        private readonly IActorRef _observer;

        public Supervisor(Props child, IActorRef observer)
        {
            _observer = observer;
            var broker = Context.ActorOf(child, "broker");
            ReceiveAny(m => broker.Forward(m));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
        {
            _observer.Tell(e);
            return Directive.Stop;
        });
    }

    private sealed class Held : IDisposable
    {
        private int _disposed;

        public bool Disposed => Volatile.Read(ref _disposed) == 1;

        public void Dispose() => Interlocked.Exchange(ref _disposed, 1);
    }
}
