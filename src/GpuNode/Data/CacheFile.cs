namespace SweepCluster.GpuNode.Data;

/// <summary>Files this machine keeps to avoid work (manifests, shapes, decoded images): written whole or not at all.</summary>
internal static class CacheFile
{
    /// <summary>
    /// Writes through a temporary file renamed into place, so a reader never sees half a file; false where
    /// the folder is read-only or full, which only costs doing the work again next time.
    /// </summary>
    public static bool TryWrite(string path, Action<Stream> write)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var file = File.Create(temporary))
                write(file);
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
            return false;
        }
    }
}
