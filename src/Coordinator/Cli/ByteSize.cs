using System.Globalization;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Sizes as people write them: 512MB, 6GB, 1.5GiB, or bytes (units are powers of 1024).</summary>
public static class ByteSize
{
    private static readonly (string Unit, long Bytes)[] Units =
        [("GIB", 1L << 30), ("MIB", 1L << 20), ("KIB", 1L << 10), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1)];

    public static long? TryParse(string text)
    {
        var trimmed = text.Trim().ToUpperInvariant();
        var (unit, bytes) = Units.FirstOrDefault(u => trimmed.EndsWith(u.Unit, StringComparison.Ordinal), ("", 1));
        return double.TryParse(trimmed[..^unit.Length].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? (long)(value * bytes)
            : null;
    }
}
