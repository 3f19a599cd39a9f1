using System.IO.Compression;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// A .npz file as numpy.savez (stored) and numpy.savez_compressed (deflated) write it: a zip of .npy
/// members. Reads one member at a time; not for use from several threads at once.
/// </summary>
public sealed class NpzArchive : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private NpzArchive(string path, ZipArchive zip)
    {
        Path = path;
        _zip = zip;
        _entries = zip.Entries
            .Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName[..^".npy".Length], StringComparer.Ordinal);
        Members = [.. _entries.Keys];
    }

    public string Path { get; }

    /// <summary>The arrays' names as given to savez (without .npy), in archive order.</summary>
    public IReadOnlyList<string> Members { get; }

    public static NpzArchive Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var file = DatasetFile.OpenRead(full);
        try
        {
            return new NpzArchive(full, new ZipArchive(file, ZipArchiveMode.Read));
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new DatasetException(
                $"{full}: not a readable .npz (zip) archive ({e.Message}); expected a file written by numpy.savez or numpy.savez_compressed.", e);
        }
    }

    public NpyHeader ReadHeader(string member) => ReadMember(member, NpyReader.ReadHeader);

    public NpyArray Read(string member) => ReadMember(member, NpyReader.Read);

    public void Dispose() => _zip.Dispose();

    private T ReadMember<T>(string member, Func<Stream, string, T> read)
    {
        if (!_entries.TryGetValue(member, out var entry))
        {
            var present = Members.Count == 0 ? "none" : string.Join(", ", Members);
            throw new DatasetException($"{Path}: no array '{member}' in the archive; the arrays present are: {present}.");
        }
        var source = $"{Path}:{entry.FullName}";
        try
        {
            using var stream = entry.Open();
            return read(stream, source);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{source}: the compressed data is corrupt ({e.Message}).", e);
        }
    }
}
