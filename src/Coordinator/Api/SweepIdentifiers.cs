using System.Text.RegularExpressions;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Api;

/// <summary>Ids from a request, checked before they reach a query, a file path or a log line.</summary>
public static partial class SweepIdentifiers
{
    public static void Check(string sweepId)
    {
        if (!SweepIds.IsWellFormed(sweepId))
            throw ApiProblem.Invalid($"'{Shorten(sweepId)}' is not a sweep id (NAME-xxxxxxxx, as submit prints it).");
    }

    public static void CheckTrial(string trialId)
    {
        if (!TrialId().IsMatch(trialId))
            throw ApiProblem.Invalid($"'{Shorten(trialId)}' is not a trial id (letters, digits, - and _, as the leaderboard shows it).");
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex TrialId();
}
