using System.Runtime.InteropServices;

namespace SweepCluster.GpuNode.Training;

/// <summary>The few POSIX calls .NET has no API for: fsync of a folder, flock without .NET's own locks.</summary>
internal static partial class Libc
{
    public const int ReadOnly = 0;
    public const int ReadWriteCreate = 0x2 | 0x40;
    public const int LockExclusiveNonBlocking = 2 | 4;
    public const int WouldBlock = 11;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode = 0);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);
}
