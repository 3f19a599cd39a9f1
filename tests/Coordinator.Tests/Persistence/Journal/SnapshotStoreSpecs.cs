using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages.Sweeps;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Persistence.Journal;

/// <summary>
/// Akka.Persistence's snapshot-store contract, checked on the store exactly as <see cref="EventStore"/> configures
/// it: the cases of Akka.Persistence.TCK's SnapshotStoreSpec, written against the plugin protocol. Each spec
/// starts with snapshots at sequence numbers 1 to 5 of one sweep, taken one second apart.
/// </summary>
public abstract class SnapshotStoreSpecs : TestKit
{
    private const string Pid = "sweep-snapshot-spec";
    private static readonly DateTime Taken = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
    private readonly TestProbe _sender;
    private readonly List<SnapshotMetadata> _saved = [];

    protected SnapshotStoreSpecs(string database, ITestOutputHelper output)
        : base(EventStore.SystemConfiguration(database), "snapshots", output)
    {
        _sender = CreateTestProbe();
        for (var sequenceNr = 1; sequenceNr <= 5; sequenceNr++)
            _saved.Add(Save(sequenceNr, Snapshot(sequenceNr)));
    }

    private IActorRef Store => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    /// <summary>A real sweep message as the snapshot, so our serializer is on the path.</summary>
    private static SweepCompleted Snapshot(long sequenceNr, string note = "snapshot") =>
        new(Pid, new DateTimeOffset(Taken).AddSeconds(sequenceNr), $"{note} {sequenceNr}");

    private SnapshotMetadata Save(long sequenceNr, object snapshot)
    {
        Store.Tell(new SaveSnapshot(new SnapshotMetadata(Pid, sequenceNr, Taken.AddSeconds(sequenceNr)), snapshot), _sender.Ref);
        return _sender.ExpectMsg<SaveSnapshotSuccess>().Metadata;
    }

    private SelectedSnapshot? Load(SnapshotSelectionCriteria criteria, long toSequenceNr = long.MaxValue, string pid = Pid)
    {
        Store.Tell(new LoadSnapshot(pid, criteria, toSequenceNr), _sender.Ref);
        return _sender.ExpectMsg<LoadSnapshotResult>().Snapshot;
    }

    private static void AssertSnapshot(long sequenceNr, SelectedSnapshot? loaded, string note = "snapshot")
    {
        Assert.NotNull(loaded);
        Assert.Equal((Pid, sequenceNr, Taken.AddSeconds(sequenceNr)), (loaded.Metadata.PersistenceId, loaded.Metadata.SequenceNr, loaded.Metadata.Timestamp));
        Assert.Equal(Snapshot(sequenceNr, note), loaded.Snapshot);
    }

    [Fact]
    public void A_sweep_without_snapshots_loads_none() => Assert.Null(Load(SnapshotSelectionCriteria.Latest, pid: "sweep-never-snapshotted"));

    [Fact]
    public void The_latest_snapshot_loads_with_its_metadata() => AssertSnapshot(5, Load(SnapshotSelectionCriteria.Latest));

    [Fact]
    public void An_upper_sequence_number_bound_loads_the_latest_snapshot_at_or_below_it()
    {
        AssertSnapshot(3, Load(new SnapshotSelectionCriteria(3)));
        AssertSnapshot(3, Load(SnapshotSelectionCriteria.Latest, toSequenceNr: 3));
        AssertSnapshot(2, Load(new SnapshotSelectionCriteria(4), toSequenceNr: 2));
    }

    [Fact]
    public void A_timestamp_bound_loads_the_latest_snapshot_taken_by_then_and_none_before_the_first()
    {
        AssertSnapshot(2, Load(new SnapshotSelectionCriteria(long.MaxValue, Taken.AddSeconds(2.5))));
        Assert.Null(Load(new SnapshotSelectionCriteria(long.MaxValue, Taken)));
    }

    [Fact]
    public void Deleting_one_snapshot_by_its_metadata_leaves_the_others()
    {
        Store.Tell(new DeleteSnapshot(_saved[2]), _sender.Ref);
        _sender.ExpectMsg<DeleteSnapshotSuccess>();

        AssertSnapshot(2, Load(new SnapshotSelectionCriteria(3)));
        AssertSnapshot(5, Load(SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public void Deleting_by_criteria_removes_every_snapshot_they_select_and_only_those()
    {
        Store.Tell(new DeleteSnapshots(Pid, new SnapshotSelectionCriteria(3)), _sender.Ref);
        _sender.ExpectMsg<DeleteSnapshotsSuccess>();

        Assert.Null(Load(new SnapshotSelectionCriteria(3)));
        AssertSnapshot(4, Load(new SnapshotSelectionCriteria(4)));
    }

    [Fact]
    public void Saving_again_at_a_sequence_number_replaces_that_snapshot()
    {
        Save(5, Snapshot(5, "again"));

        AssertSnapshot(5, Load(SnapshotSelectionCriteria.Latest), "again");
    }
}
