using System.Text.RegularExpressions;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Words for a POSIX shell: bare when nothing in them is special, otherwise in single quotes.</summary>
public static partial class ShellQuote
{
    public static string Word(string text) =>
        text.Length > 0 && Safe().IsMatch(text) ? text : "'" + text.Replace("'", "'\\''") + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:=@%+,-]+$")]
    private static partial Regex Safe();
}
