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

    private StoreSession(ActorSystem system, DbConnection connection, JournalProjection projection, IReadOnlyList<UnreadableEventException> unreadable)
    {
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

    public static async Task<StoreSession> OpenAsync(string database)
    {
        var system = ActorSystem.Create("sweepcluster-query", EventStore.SystemConfiguration(database));
        try
        {
            var projection = new JournalProjection(system, database);
            var unreadable = await projection.CatchUpAllAsync();
            return new StoreSession(system, StoreConnections.Open(database), projection, unreadable);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await System.Terminate();
    }
}
