namespace SweepCluster.Messages.Sweeps;

/// <summary>
/// From a client outside the cluster: the sweep file's text, expanded and validated on the
/// coordinator side (one place decides what a sweep is; a small message, whatever the trial count).
/// Answered with <see cref="SweepProgress"/> or <see cref="RequestRefused"/>.
/// </summary>
public sealed record SubmitSweepFile(string File, string Source) : ISweepClusterMessage;

/// <summary>Ask for a sweep's progress; answered with <see cref="SweepProgress"/> or <see cref="RequestRefused"/>.</summary>
public sealed record GetSweepProgress(string SweepId) : IWithSweepId;

/// <summary>A sweep as the read model holds it, for clients.</summary>
/// <param name="State">running, completed or cancelled.</param>
public sealed record SweepProgress(string SweepId, string Name, string State, int Total, int Done, int Running, int Queued, int Failed) : IWithSweepId;

/// <summary>A client's request that cannot be carried out, with what is wrong (a sweep file's errors, each with its line).</summary>
public sealed record RequestRefused(string Reason, IReadOnlyList<string> Errors) : ISweepClusterMessage;
