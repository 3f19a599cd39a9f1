using Akka.Actor;
using Akka.Persistence;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Persistence;

/// <summary>The read-side adapter as the configured journal applies it: on recovery and in queries.</summary>
public sealed class LegacySubmissionAdapterSpecs : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new("sweep-adapter-");
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("adapter", EventStore.SystemConfiguration(_folder.File("sweeps.db")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        _folder.Dispose();
    }

    /// <summary>A submission as version 1 recorded it: the sweep file's text and no design.</summary>
    private static SweepSubmitted Version1() => new(
        "asha-1", "asha", "examples/asha.yaml", File.ReadAllText(Path.Combine(RepositoryPaths.Examples(), "asha.yaml")), [], DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_version_1_submission_is_read_with_its_design_in_recovery_and_in_queries()
    {
        var writer = _system.ActorOf(Props.Create(() => new Journaled(JournalNames.PersistenceId("asha-1"))));
        await writer.Ask<Done>(Version1(), TimeSpan.FromSeconds(10));
        await writer.GracefulStop(TimeSpan.FromSeconds(5));

        var recovered = await _system.ActorOf(Props.Create(() => new Journaled(JournalNames.PersistenceId("asha-1"))))
            .Ask<SweepSubmitted>(Recovered.Instance, TimeSpan.FromSeconds(10));
        var queried = await new JournalProjection(_system, _folder.File("sweeps.db")).SubmissionAsync("asha-1");

        Assert.Equal((SchedulerKind.Asha, SchedulerKind.Asha), (queried?.Design?.Scheduler?.Type, recovered.Design?.Scheduler?.Type));
    }

    private sealed class Done
    {
        public static readonly Done Instance = new();
    }

    private sealed class Recovered
    {
        public static readonly Recovered Instance = new();
    }

    /// <summary>Persists what it is sent; answers with the first event it recovered.</summary>
    private sealed class Journaled : ReceivePersistentActor
    {
        private object? _first;

        public Journaled(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<SweepSubmitted>(e => _first ??= e);
            Command<Recovered>(_ => Sender.Tell(_first));
            Command<SweepSubmitted>(e => Persist(e, _ => Sender.Tell(Done.Instance)));
        }

        public override string PersistenceId { get; }
    }
}
