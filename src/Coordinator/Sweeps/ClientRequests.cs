using SweepCluster.Messages;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// Checks a request from outside the cluster before anything acts on it: the serializer guarantees
/// only the type, so fields may be missing, oversized or made up.
/// </summary>
public static class ClientRequests
{
    /// <summary>Far beyond any real sweep file, and within the transport's frame size even with every character escaped in JSON.</summary>
    public const int MaxSourceLength = 512 * 1024;
    private const int MaxFileNameLength = 4096;

    /// <summary>What is wrong with <paramref name="request"/>, or null when it may be carried out.</summary>
    public static string? Problem(ISweepClusterMessage request) => request switch
    {
        SubmitSweepFile { File: null or "" } => "A submission must name its sweep file.",
        SubmitSweepFile { File.Length: > MaxFileNameLength } => $"A sweep file's name is limited to {MaxFileNameLength} characters.",
        SubmitSweepFile { Source: null } => "A submission must carry its sweep file's text.",
        SubmitSweepFile { Source.Length: > MaxSourceLength } s => $"{s.File} has {s.Source.Length:N0} characters; sweep files are limited to {MaxSourceLength:N0}.",
        SubmitSweepFile => null,
        IWithSweepId w when !SweepIds.IsWellFormed(w.SweepId) => $"'{Shorten(w.SweepId)}' is not a sweep id (NAME-xxxxxxxx, as submit prints it).",
        ListSweeps or GetSweepProgress or GetSweepResults or CancelSweep or ResumeSweep => null,
        _ => $"{request.GetType().Name} is not a request that clients may send; they may submit, resume or cancel a sweep, or ask for progress or results.",
    };

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "...";
}
