using System.Data.Common;
using Akka.Actor;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;

namespace SweepCluster.Coordinator.Queries;

/// <summary>
/// An ActorSystem over the store with no coordinator or node running: for the CLI's queries, the
/// read model first caught up with the journal (so it is exact whether or not a coordinator is
/// running, or crashed before projecting its last events); for one-off commands, a place to recover
/// a sweep's coordinator.
/// </summary>
public sealed class StoreSession : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly ReadModelStore? _readModel;

    private StoreSession(ActorSystem system, DbConnection connection, JournalProjection projection, IReadOnlyList<UnreadableEventException> unreadable, ReadModelStore? readModel)
    {
        _readModel = readModel;
        System = system;
        _connection = connection;
        Projection = projection;
        Reader = new ReadModelReader(connection);
        Unreadable = unreadable;
    }

    public ActorSystem System { get; }

    public ReadModelReader Reader { get; }

    public JournalProjection Projection { get; }

    /// <summary>The sweeps with an event the journal cannot read back: the read model holds them only up to that event.</summary>
    public IReadOnlyList<UnreadableEventException> Unreadable { get; }

    /// <param name="readOnly">
    /// For queries: the journal is only read (its SQLite file opened read-only), and the read model is
    /// kept in memory when the store cannot be written. Commands that store events (cancel) pass false.
    /// </param>
    public static async Task<StoreSession> OpenAsync(string database, bool readOnly = false)
    {
        var readModel = readOnly ? ReadModelStore.ForQueries(database) : null;
        var system = ActorSystem.Create("sweepcluster-query", EventStore.SystemConfiguration(database, readOnly));
        try
        {
            var projection = new JournalProjection(system, database, readModel);
            var unreadable = await projection.CatchUpAllAsync();
            return new StoreSession(system, projection.OpenReadModel(), projection, unreadable, readModel);
        }
        catch
        {
            await system.Terminate();
            readModel?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await System.Terminate();
        _readModel?.Dispose();
    }
}
