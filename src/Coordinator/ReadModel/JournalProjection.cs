using System.Collections.Immutable;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// Brings the read model up to the journal: reads each sweep's events after its stored offset and
/// projects them. The same catch-up serves the live projector, queries (so they are exact even
/// when the process that ran a sweep crashed before projecting its last events) and a rebuild.
/// </summary>
public sealed class JournalProjection
{
    private const int EventsPerTransaction = 2000;
    private static readonly TimeSpan GapRetry = TimeSpan.FromMilliseconds(100);
    private readonly ActorSystem _system;
    private readonly string _database;
    private readonly ReadModelStore _readModel;
    private readonly SqlReadJournal _journal;

    /// <param name="readModel">Where to project; beside the journal (a garbled file rebuilt) when not given.</param>
    public JournalProjection(ActorSystem system, string database, ReadModelStore? readModel = null)
    {
        _system = system;
        _database = database;
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        if (readModel is null)
            ReadModelRepair.EnsureReadable(database);
        _readModel = readModel ?? ReadModelStore.Beside(database);
    }

    public DbConnection OpenReadModel() => _readModel.Open();

    /// <returns>How many events were projected.</returns>
    public async Task<int> CatchUpAsync(IEnumerable<string> sweepIds)
    {
        using var connection = _readModel.Open();
        var writer = new ReadModelWriter(connection);
        var applied = 0;
        foreach (var sweepId in sweepIds)
            applied += await CatchUpAsync(writer, sweepId);
        return applied;
    }

    /// <summary>
    /// Projects events the caller already holds (the coordinator's process hands them over as they
    /// are stored, saving a read back from the journal), or catches up from the journal when they do
    /// not follow what is projected.
    /// </summary>
    public async Task<int> ProjectAsync(IReadOnlyDictionary<string, List<(long SequenceNr, ISweepEvent Event)>> stored)
    {
        using var connection = _readModel.Open();
        var writer = new ReadModelWriter(connection);
        var applied = 0;
        foreach (var (sweepId, events) in stored)
        {
            // An empty batch asks for a catch-up (after recovery, after a failed pass); so does one that does not follow the offset.
            applied += (events.Count > 0 ? writer.Apply(sweepId, events) : null) ?? await CatchUpAsync(writer, sweepId);
        }
        return applied;
    }

    private async Task<int> CatchUpAsync(ReadModelWriter writer, string sweepId)
    {
        var from = writer.Offset(sweepId) + 1;
        var envelopes = new List<EventEnvelope>();
        UnreadableEventException? unreadable = null;
        try
        {
            await _journal.CurrentEventsByPersistenceId(JournalNames.PersistenceId(sweepId), from, long.MaxValue)
                .RunForeach(envelopes.Add, _system.Materializer());
        }
        catch (Exception e) when (e is not DbException)
        {
            // The journal reads rows in batches and fails the whole batch: find the event itself, and keep what comes before it.
            var broken = await FirstUnreadableAsync(sweepId, from + envelopes.Count);
            unreadable = new UnreadableEventException(_database, sweepId, broken, e);
            envelopes.AddRange(await ReadAsync(sweepId, from + envelopes.Count, broken - 1));
        }
        // Parallel journal writers (PostgreSQL) may commit a later batch first: project up to the gap, the rest next time.
        var contiguous = envelopes.Select((e, i) => (e, i)).TakeWhile(p => p.e.SequenceNr == from + p.i).Select(p => (p.e.SequenceNr, (ISweepEvent)p.e.Event));
        var applied = 0;
        foreach (var chunk in contiguous.Chunk(EventsPerTransaction))
            applied += writer.Apply(sweepId, chunk) ?? 0;
        return unreadable is null ? applied : throw unreadable;
    }

    private async Task<long> FirstUnreadableAsync(string sweepId, long from)
    {
        for (var sequenceNr = from; ; sequenceNr++)
        {
            try
            {
                if ((await ReadAsync(sweepId, sequenceNr, sequenceNr)).Count == 0)
                    return sequenceNr;
            }
            catch (Exception e) when (e is not DbException)
            {
                return sequenceNr;
            }
        }
    }

    private Task<IImmutableList<EventEnvelope>> ReadAsync(string sweepId, long from, long to) =>
        from > to
            ? Task.FromResult<IImmutableList<EventEnvelope>>(ImmutableList<EventEnvelope>.Empty)
            : _journal.CurrentEventsByPersistenceId(JournalNames.PersistenceId(sweepId), from, to).RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());

    /// <summary>
    /// Completes when the sweep's journal holds an event that <paramref name="match"/> accepts, or after
    /// <paramref name="timeout"/>: a live query, so no caller polls (the journal's reader does, every
    /// refresh interval).
    /// </summary>
    public async Task WaitForAsync(string sweepId, Func<ISweepEvent, bool> match, TimeSpan timeout)
    {
        try
        {
            await _journal.EventsByPersistenceId(JournalNames.PersistenceId(sweepId), 1, long.MaxValue)
                .Where(e => e.Event is ISweepEvent s && match(s))
                .Take(1)
                .CompletionTimeout(timeout)
                .RunWith(Sink.Ignore<EventEnvelope>(), _system.Materializer());
        }
        catch (TimeoutException)
        {
            // Answered as things stand: the caller reports the state it finds.
        }
    }

    /// <summary>
    /// The sweep's events from sequence number <paramref name="from"/> on, each once and in journal
    /// order: as they are stored when <paramref name="live"/> (until <paramref name="cancel"/>), else
    /// those stored now.
    /// </summary>
    public async IAsyncEnumerable<(long SequenceNr, ISweepEvent Event)> EventsAsync(string sweepId, long from, bool live, [EnumeratorCancellation] CancellationToken cancel)
    {
        var next = from;
        while (true)
        {
            var gap = false;
            var (stop, events) = Query(sweepId, next, live);
            try
            {
                await foreach (var envelope in events.ReadAllAsync(cancel))
                {
                    if (envelope.SequenceNr > next)
                    {
                        // Parallel journal writers (PostgreSQL) may commit a later batch first: ask again from the missing event.
                        gap = true;
                        break;
                    }
                    if (envelope.SequenceNr < next || envelope.Event is not ISweepEvent e)
                        continue;
                    next++;
                    yield return (envelope.SequenceNr, e is SweepSubmitted s ? LegacySubmissions.Upcast(s) : e);
                }
            }
            finally
            {
                stop.Shutdown();
            }
            if (!gap)
                yield break;
            await Task.Delay(GapRetry, cancel);
        }
    }

    private (UniqueKillSwitch Stop, ChannelReader<EventEnvelope> Events) Query(string sweepId, long from, bool live)
    {
        var id = JournalNames.PersistenceId(sweepId);
        var source = live ? _journal.EventsByPersistenceId(id, from, long.MaxValue) : _journal.CurrentEventsByPersistenceId(id, from, long.MaxValue);
        return source
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(ChannelSink.AsReader<EventEnvelope>(256, singleReader: true), Keep.Both)
            .Run(_system.Materializer());
    }

    /// <summary>Whether the sweep's journal holds event <paramref name="sequenceNr"/> yet.</summary>
    public async Task<bool> HasEventAsync(string sweepId, long sequenceNr) => (await ReadAsync(sweepId, sequenceNr, sequenceNr)).Count > 0;

    /// <summary>The sweep's first event: its file's text and planned trials, which the read model does not keep.</summary>
    public async Task<SweepSubmitted?> SubmissionAsync(string sweepId)
    {
        var first = await _journal.CurrentEventsByPersistenceId(JournalNames.PersistenceId(sweepId), 1, 1)
            .RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());
        // Upcast here too: Akka.Persistence.Sql's EventsByPersistenceId runs the adapters but returns the events as stored.
        return first.Select(e => e.Event).OfType<SweepSubmitted>().Select(LegacySubmissions.Upcast).FirstOrDefault();
    }

    /// <summary>Every sweep in the journal, each as far as it can be read.</summary>
    /// <returns>The sweeps with an unreadable event: the others are caught up all the same.</returns>
    public async Task<IReadOnlyList<UnreadableEventException>> CatchUpAllAsync()
    {
        var ids = await _journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _system.Materializer());
        using var connection = _readModel.Open();
        var writer = new ReadModelWriter(connection);
        var unreadable = new List<UnreadableEventException>();
        foreach (var sweepId in ids.Select(JournalNames.SweepIdOf).OfType<string>())
        {
            try
            {
                await CatchUpAsync(writer, sweepId);
            }
            catch (UnreadableEventException e)
            {
                unreadable.Add(e);
            }
        }
        return unreadable;
    }
}
