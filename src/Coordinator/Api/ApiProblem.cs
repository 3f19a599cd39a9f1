using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// A request the API refuses or cannot answer, with the HTTP status and what a client can do about it;
/// served as an RFC 7807 problem document (with a sweep file's errors, when it has them).
/// </summary>
public sealed class ApiProblem(int status, string title, string detail, IReadOnlyList<SweepError>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyList<SweepError> Errors { get; } = errors ?? [];

    public static ApiProblem UnknownSweep(string sweepId) =>
        new(404, "Unknown sweep", $"No sweep '{sweepId}' in the coordinator's store; GET /api/v1/sweeps lists them.");

    public static ApiProblem Invalid(string detail) => new(400, "Invalid request", detail);
}
