using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Persistence;

/// <summary>
/// An SQLite journal opened for reading only, so queries work on a store they cannot write (a
/// read-only mount, a backup). A WAL database needs a -shm file beside it, which a read-only folder
/// may lack: then the file is opened immutable, which is true there, since nothing can write it.
/// </summary>
public static class ReadOnlySqlite
{
    public static string ConnectionString(string path)
    {
        var full = Path.GetFullPath(path);
        var plain = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        if (Readable(plain))
            return plain;
        return new SqliteConnectionStringBuilder { DataSource = "file:" + new Uri(full).AbsolutePath + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    }

    private static bool Readable(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master";
            command.ExecuteScalar();
            return true;
        }
        catch (SqliteException)
        {
            SqliteConnection.ClearPool(connection);
            return false;
        }
    }
}
