using Npgsql;

namespace SweepCluster.Coordinator.Configuration;

/// <summary>
/// What Store:Database names: a PostgreSQL database, given as a URI (postgresql:// or postgres://) or
/// as a connection string in any spelling Npgsql accepts (Host or Server, Password, Psw or PWD, ...),
/// or else an SQLite file path. A value is a connection string when it has a key=value before any
/// slash, so an SQLite path with '=' in its first part is written ./a=b.db.
/// </summary>
public static class StoreLocation
{
    /// <summary>The PostgreSQL connection the value names, or null for an SQLite file.</summary>
    /// <exception cref="SettingsException">A URI or connection string Npgsql cannot take; the message never repeats the value.</exception>
    public static NpgsqlConnectionStringBuilder? PostgreSql(string database)
    {
        if (PostgresUri.IsUri(database))
            return PostgresUri.Parse(database);
        var equals = database.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 || database.AsSpan(0, equals).IndexOfAny('/', '\\') >= 0)
            return null;
        try
        {
            return new NpgsqlConnectionStringBuilder(database);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's messages name the key, not the value (so never a password).
            throw new SettingsException($"Store:Database is neither an SQLite file nor a PostgreSQL connection string Npgsql accepts: {e.Message}", e);
        }
    }

    public static bool IsPostgreSql(string database) => PostgreSql(database) is not null;

    /// <summary>The form the rest of the program uses: an Npgsql connection string for PostgreSQL (a URI converted), the path for SQLite.</summary>
    public static string Normalise(string database) => PostgreSql(database)?.ConnectionString ?? database;
}
