using Akka.Actor;
using Akka.TestKit.Xunit2;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Ownership;

/// <summary>The poller of cancel requests against a real SQLite store, with a probe as the broker.</summary>
public sealed class CancelRequestPollerSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _folder;

    public CancelRequestPollerSpecs(ITestOutputHelper output)
        : this(Directory.CreateTempSubdirectory("sweep-cancel-requests-").FullName, output)
    {
    }

    private CancelRequestPollerSpecs(string folder, ITestOutputHelper output)
        : base(EventStore.SystemConfiguration(Path.Combine(folder, "sweeps.db")), "cancel-requests", output)
    {
        _folder = folder;
    }

    private string Database => Path.Combine(_folder, "sweeps.db");

    protected override void AfterAll()
    {
        base.AfterAll();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_running_sweeps_cancel_goes_to_the_broker_and_an_ended_sweeps_request_is_removed()
    {
        var broker = Sys.ActorOf(WorkBroker.Props(CoordinatorSettings.Default(Path.Combine(_folder, "checkpoints"))));
        await broker.Ask<SweepState>(new SubmitSweep("s", "sweep", "s.yaml", "name: sweep",
            [new TrialDefinition("t0", 0, "trial 0", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 0), 1, 0)]), Patience);
        SweepRequests.Post(Database, "s", SweepRequests.Cancel, DateTimeOffset.UtcNow);
        SweepRequests.Post(Database, "gone", SweepRequests.Cancel, DateTimeOffset.UtcNow);
        var probe = CreateTestProbe();

        Sys.ActorOf(CancelRequestPoller.Props(Database, new JournalProjection(Sys, Database), probe.Ref));

        Assert.Equal("s", (await probe.ExpectMsgAsync<CancelSweep>(Patience)).SweepId);
        Assert.Equal(["s"], SweepRequests.Pending(Database, SweepRequests.Cancel));
    }
}
