using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SweepCluster.Search.SweepFiles;

/// <summary>A sweep's id: its name and a hash of its trial ids, so running the same file again resumes the same sweep.</summary>
public static partial class SweepIds
{
    public const int MaxNameLength = 64;

    public static string For(SweepPlan plan)
    {
        var trials = string.Join(",", plan.Trials.Select(t => t.Id));
        return $"{plan.Name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trials)))[..8]}";
    }

    /// <summary>Names are safe in paths, URLs and shell commands: no separators, dots or spaces.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    /// <summary>Whether <paramref name="id"/> can be a sweep id (a name, '-', eight hex digits); checked before an id from outside is used.</summary>
    public static bool IsWellFormed(string? id) => id is { Length: > 9 } && IsValidName(id[..^9]) && IdSuffix().IsMatch(id[^9..]);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^-[0-9a-f]{8}$")]
    private static partial Regex IdSuffix();
}
