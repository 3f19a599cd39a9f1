using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Queries;
using SweepCluster.GpuNode.Data;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Opens the configured store for queries, refusing to create an empty SQLite file by accident.</summary>
public static class StoreAccess
{
    public static SweepStore Open(SweepSettings settings)
    {
        var database = settings.Store.Database;
        if (!EventStore.IsPostgreSql(database) && !File.Exists(database))
            throw new DatasetException($"No sweep store at {Path.GetFullPath(database)}: run a sweep first, or pass --db.");
        return new SweepStore(database);
    }

    public static async Task<SweepView> Load(SweepStore store, string sweepId, SweepSettings settings) =>
        await store.LoadAsync(sweepId)
        ?? throw new DatasetException($"No sweep '{sweepId}' in {settings.Store.Database}; list them with ./sweep list.");
}
