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
    private readonly ActorSystem _system;
    private readonly string _database;
    private readonly SqlReadJournal _journal;

    public JournalProjection(ActorSystem system, string database)
    {
        _system = system;
        _database = database;
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        using var connection = StoreConnections.Open(database);
        ReadModelSchema.Ensure(connection);
    }

    /// <returns>How many events were projected.</returns>
    public async Task<int> CatchUpAsync(IEnumerable<string> sweepIds)
    {
        using var connection = StoreConnections.Open(_database);
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
        using var connection = StoreConnections.Open(_database);
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
        var envelopes = await _journal.CurrentEventsByPersistenceId(JournalNames.PersistenceId(sweepId), from, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());
        // Parallel journal writers (PostgreSQL) may commit a later batch first: project up to the gap, the rest next time.
        var contiguous = envelopes.Select((e, i) => (e, i)).TakeWhile(p => p.e.SequenceNr == from + p.i).Select(p => (p.e.SequenceNr, (ISweepEvent)p.e.Event));
        var applied = 0;
        foreach (var chunk in contiguous.Chunk(EventsPerTransaction))
            applied += writer.Apply(sweepId, chunk) ?? 0;
        return applied;
    }

    /// <summary>The sweep's first event: its file's text and planned trials, which the read model does not keep.</summary>
    public async Task<SweepSubmitted?> SubmissionAsync(string sweepId)
    {
        var first = await _journal.CurrentEventsByPersistenceId(JournalNames.PersistenceId(sweepId), 1, 1)
            .RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());
        return first.Select(e => e.Event).OfType<SweepSubmitted>().FirstOrDefault();
    }

    /// <summary>Every sweep in the journal.</summary>
    public async Task<int> CatchUpAllAsync()
    {
        var ids = await _journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _system.Materializer());
        return await CatchUpAsync(ids.Select(JournalNames.SweepIdOf).OfType<string>());
    }
}
