using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Data shapes as read once, kept in memory and in the cache folder, keyed by the files' fingerprint
/// and how they are read: reading every image header of a large folder again at each submission
/// (half a second for 70,000 images) only ever gives the same answer.
/// </summary>
public sealed class KnownShapes(string cacheDirectory)
{
    private readonly ConcurrentDictionary<string, DataShape> _read = new();

    public DataShape Get(string key, Func<DataShape> read) => _read.GetOrAdd(key, k => Stored(k) ?? Store(k, read()));

    private string PathOf(string key) =>
        Path.Combine(cacheDirectory, "shapes", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".json");

    private DataShape? Stored(string key)
    {
        try
        {
            return File.Exists(PathOf(key)) ? JsonSerializer.Deserialize<DataShape>(File.ReadAllText(PathOf(key))) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private DataShape Store(string key, DataShape shape)
    {
        CacheFile.TryWrite(PathOf(key), stream => JsonSerializer.Serialize(stream, shape));
        return shape;
    }
}
