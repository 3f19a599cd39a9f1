using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Messages.Serialization;

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
    public static Config SystemConfiguration(string database) =>
        QuietLogging
            .WithFallback(ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration))
            .WithFallback(Configuration(database));

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

    public static Config Configuration(string database)
    {
        var (connection, provider) = IsPostgreSql(database)
            ? (database, "PostgreSQL.15")
            : (PrepareSqlite(database), "SQLite.MS");
        var quoted = Quote(connection);
        // One writer for SQLite: it serialises writes anyway, and parallel writers only contend for the lock.
        var parallelism = IsPostgreSql(database) ? 2 : 1;
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  parallelism = {{parallelism}}
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                }
              }
              query.journal.sql {
                connection-string = {{quoted}}
                provider-name = "{{provider}}"
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>The file's connection string (pooled: the journal, projections and queries share connections).</summary>
    public static string SqliteConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString();

    /// <summary>The file's connection string, after switching it to WAL so readers never block the writer.</summary>
    private static string PrepareSqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
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
