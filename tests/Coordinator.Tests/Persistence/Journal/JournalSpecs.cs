using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages.Sweeps;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Persistence.Journal;

/// <summary>
/// Akka.Persistence's journal contract, checked on the journal exactly as <see cref="EventStore"/> configures it
/// (plugin, provider, tables, parallelism and our serializer): the cases of Akka.Persistence.TCK's JournalSpec,
/// which this package feed does not serve, written against the plugin protocol. Each spec starts on an empty store
/// holding events 1 to 5 of one sweep, the last two written as one atomic write.
/// </summary>
public abstract class JournalSpecs : TestKit
{
    protected const string Pid = "sweep-journal-spec";
    private const string WriterGuid = "writer-1";
    private static readonly DateTimeOffset At = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly TestProbe _receiver;

    protected JournalSpecs(string database, ITestOutputHelper output)
        : base(EventStore.SystemConfiguration(database), "journal", output)
    {
        _receiver = CreateTestProbe();
        Write(Pid, [new AtomicWrite(Persistent(Pid, 1)), new AtomicWrite(Persistent(Pid, 2)), new AtomicWrite(Persistent(Pid, 3)),
            new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(Persistent(Pid, 4), Persistent(Pid, 5)))]);
    }

    private IActorRef Journal => Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

    /// <summary>The event at <paramref name="sequenceNr"/>: a real sweep message, so our serializer is on the path.</summary>
    private static SweepCompleted Event(string pid, long sequenceNr) => new(pid, At.AddSeconds(sequenceNr), $"event {sequenceNr}");

    private static Persistent Persistent(string pid, long sequenceNr) =>
        new(Event(pid, sequenceNr), sequenceNr, pid, string.Empty, false, ActorRefs.NoSender, WriterGuid);

    private void Write(string pid, AtomicWrite[] writes)
    {
        var writer = CreateTestProbe();
        Journal.Tell(new WriteMessages(writes, writer.Ref, 1));
        // The first write creates the journal's tables: seconds on a 2-core machine busy with other specs, beyond the test kit's 3 s default.
        writer.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(30));
        foreach (var persistent in writes.SelectMany(w => (IImmutableList<IPersistentRepresentation>)w.Payload))
        {
            var written = writer.ExpectMsg<WriteMessageSuccess>();
            Assert.Equal((pid, persistent.SequenceNr), (written.Persistent.PersistenceId, written.Persistent.SequenceNr));
        }
    }

    /// <summary>Replays and asserts the events and the highest sequence number that come back.</summary>
    private void AssertReplay(long from, long to, long max, IEnumerable<long> expected, long highest = 5, string pid = Pid)
    {
        Journal.Tell(new ReplayMessages(from, to, max, pid, _receiver.Ref));
        foreach (var sequenceNr in expected)
        {
            var replayed = _receiver.ExpectMsg<ReplayedMessage>().Persistent;
            // Not the writer's GUID: Akka.Persistence.Sql replays its own journal's writer id instead (nothing here reads it).
            Assert.Equal((pid, sequenceNr, false), (replayed.PersistenceId, replayed.SequenceNr, replayed.IsDeleted));
            Assert.Equal(Event(pid, sequenceNr), replayed.Payload);
        }
        Assert.Equal(highest, _receiver.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
    }

    private static long[] Range(long from, long to) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long)i)];

    [Fact]
    public void Every_event_replays_in_order_as_it_was_written() => AssertReplay(1, long.MaxValue, long.MaxValue, Range(1, 5));

    [Fact]
    public void A_lower_bound_replays_from_it() => AssertReplay(3, long.MaxValue, long.MaxValue, Range(3, 5));

    [Fact]
    public void An_upper_bound_replays_up_to_it_and_still_reports_the_highest_sequence_number() => AssertReplay(1, 3, long.MaxValue, Range(1, 3));

    [Fact]
    public void Both_bounds_and_a_count_limit_each_narrow_the_replay()
    {
        AssertReplay(2, 3, long.MaxValue, Range(2, 3));
        AssertReplay(1, long.MaxValue, 3, Range(1, 3));
        AssertReplay(2, 5, 2, Range(2, 3));
        AssertReplay(2, 2, long.MaxValue, [2]);
        AssertReplay(2, 4, 1, [2]);
    }

    [Fact]
    public void A_count_limit_of_zero_or_reversed_bounds_replay_nothing_but_the_highest_sequence_number()
    {
        AssertReplay(2, 4, 0, []);
        AssertReplay(3, 2, long.MaxValue, []);
    }

    [Fact]
    public void A_sweep_that_wrote_nothing_replays_nothing_and_its_highest_sequence_number_is_zero() =>
        AssertReplay(0, long.MaxValue, long.MaxValue, [], highest: 0, pid: "sweep-never-written");

    [Fact]
    public void Another_sweeps_events_never_replay_with_these()
    {
        const string other = "sweep-journal-other";
        Write(other, [new AtomicWrite(Persistent(other, 1))]);

        AssertReplay(1, long.MaxValue, long.MaxValue, Range(1, 5));
        AssertReplay(1, long.MaxValue, long.MaxValue, [1], highest: 1, pid: other);
    }

    [Fact]
    public void Deleted_events_do_not_replay_and_the_highest_sequence_number_stays()
    {
        Journal.Tell(new DeleteMessagesTo(Pid, 3, _receiver.Ref));
        Assert.Equal(3, _receiver.ExpectMsg<DeleteMessagesSuccess>().ToSequenceNr);

        AssertReplay(1, long.MaxValue, long.MaxValue, Range(4, 5));
    }

    [Fact]
    public void Deleting_every_event_keeps_the_highest_sequence_number_so_new_events_never_reuse_one()
    {
        Journal.Tell(new DeleteMessagesTo(Pid, long.MaxValue, _receiver.Ref));
        Assert.Equal(long.MaxValue, _receiver.ExpectMsg<DeleteMessagesSuccess>().ToSequenceNr);

        AssertReplay(0, long.MaxValue, long.MaxValue, []);
    }
}
