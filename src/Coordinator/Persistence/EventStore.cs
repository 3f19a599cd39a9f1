using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Logging;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Persistence;

/// <summary>
/// Where journal, snapshots and queries live: an SQLite file by default, or PostgreSQL when given a
/// connection string; both through Akka.Persistence.Sql, so the code path is the same.
/// </summary>
public static class EventStore
{
    public const string DefaultDatabase = "sweeps.db";

    /// <summary>True for a PostgreSQL URI or connection string, false for an SQLite file path (see <see cref="StoreLocation"/>).</summary>
    public static bool IsPostgreSql(string database) => StoreLocation.IsPostgreSql(database);

    /// <summary>An ActorSystem's whole configuration over this store: quiet logging, the message serializer, journal and snapshots.</summary>
    /// <param name="readOnly">Reads an SQLite journal without writing to its file (see <see cref="ReadOnlySqlite"/>).</param>
    public static Config SystemConfiguration(string database, bool readOnly = false) =>
        QuietLogging
            .WithFallback(ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration))
            .WithFallback(Configuration(database, readOnly));

    /// <summary>
    /// Akka logs warnings and up, through Serilog (standard output stays for command output); the
    /// CLI's own logging says the rest. Shutdown is the host's to run.
    /// </summary>
    public static Config QuietLogging => ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.loggers = ["{{SerilogLogger.TypeName}}"]
        akka.stdout-loglevel = OFF
        akka.log-dead-letters = off
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        """);

    public static Config Configuration(string database, bool readOnly = false)
    {
        var sqlite = !IsPostgreSql(database);
        var (connection, provider) = !sqlite
            ? (database, "PostgreSQL.15")
            : (readOnly ? ReadOnlySqlite.ConnectionString(database) : PrepareSqlite(database), "SQLite.MS");
        var quoted = Quote(connection);
        // A read-only SQLite journal is one that exists: creating its tables would be a write.
        var initialize = readOnly && sqlite ? "off" : "on";
        // One writer for SQLite: it serialises writes anyway, and parallel writers only contend for the lock.
        var parallelism = IsPostgreSql(database) ? 2 : 1;
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "{{provider}}"
                  auto-initialize = {{initialize}}
                  parallelism = {{parallelism}}
                  event-adapters.legacy-submission = "{{typeof(LegacySubmissionAdapter).AssemblyQualifiedName}}"
                  event-adapter-bindings."{{typeof(SweepSubmitted).AssemblyQualifiedName}}" = legacy-submission
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "{{provider}}"
                  auto-initialize = {{initialize}}
                }
              }
              query.journal.sql {
                # How often a live query (the client API waiting for a command's effect) looks for new events.
                refresh-interval = 200ms
                connection-string = {{quoted}}
                provider-name = "{{provider}}"
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>The file's connection string (pooled: the journal, projections and queries share connections).</summary>
    public static string SqliteConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString();

    /// <summary>A new SQLite store goes into a folder that exists: a mistyped path must not leave a tree of folders and an empty store.</summary>
    /// <exception cref="SettingsException">The folder is missing.</exception>
    public static void RequireFolder(string database)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(database))!;
        if (!IsPostgreSql(database) && !Directory.Exists(folder))
            throw new SettingsException($"Store:Database: no folder {folder} for the SQLite store {Path.GetFileName(database)}; create the folder first (mkdir -p {folder}), or check the path.");
    }

    /// <summary>The file's connection string, after switching it to WAL so readers never block the writer.</summary>
    private static string PrepareSqlite(string path)
    {
        RequireFolder(path);
        var connection = SqliteConnectionString(path);
        using var sqlite = new SqliteConnection(connection);
        sqlite.Open();
        using var wal = sqlite.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
        return connection;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
