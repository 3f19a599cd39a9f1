using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Queries;

/// <summary>
/// Reads sweeps straight from the journal, so every query works whether or not a coordinator is
/// running (and never competes with one for writes).
/// </summary>
public sealed class SweepStore : IAsyncDisposable
{
    private const string Prefix = "sweep-";
    private readonly ActorSystem _system;
    private readonly SqlReadJournal _journal;

    public SweepStore(string database)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING")
            .WithFallback(ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration))
            .WithFallback(EventStore.Configuration(database));
        _system = ActorSystem.Create("sweepcluster-query", config);
        _journal = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
    }

    public async Task<IReadOnlyList<SweepView>> ListAsync()
    {
        var ids = await _journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _system.Materializer());
        var views = new List<SweepView>();
        foreach (var id in ids.Where(i => i.StartsWith(Prefix, StringComparison.Ordinal)).Order())
            views.Add(await LoadAsync(id[Prefix.Length..]) ?? throw new InvalidOperationException($"{id} vanished while listing"));
        return views;
    }

    /// <summary>The sweep's view, or null when the store holds no such sweep.</summary>
    public async Task<SweepView?> LoadAsync(string sweepId)
    {
        var envelopes = await _journal.CurrentEventsByPersistenceId(Prefix + sweepId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());
        return envelopes.Count == 0 ? null : SweepView.From(sweepId, envelopes.Select(e => (ISweepEvent)e.Event));
    }

    /// <summary>The sweep holding a trial id, for commands that name only the trial.</summary>
    public async Task<SweepView?> FindTrialAsync(string trialId) =>
        (await ListAsync()).FirstOrDefault(v => v.State.Trials.ContainsKey(trialId));

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
