using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Persistence;

/// <summary>
/// The store as every message and log line names it: the SQLite file's full path, or the PostgreSQL
/// database and server, never user-info or a password.
/// </summary>
public static class StoreName
{
    public static string Of(string database)
    {
        try
        {
            return StoreLocation.PostgreSql(database) is { } postgres
                ? $"PostgreSQL database '{postgres.Database}' on {postgres.Host}:{postgres.Port}"
                : Path.GetFullPath(database);
        }
        catch (SettingsException)
        {
            return "a PostgreSQL store (its malformed connection string is not shown: it may hold a password)";
        }
    }
}
