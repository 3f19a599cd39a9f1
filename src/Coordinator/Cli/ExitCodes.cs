namespace SweepCluster.Coordinator.Cli;

/// <summary>Process exit codes of the sweep command line.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed (bad data, runtime could not load, ...).</summary>
    public const int Failure = 1;

    /// <summary>The command line or a setting is malformed.</summary>
    public const int Usage = 2;
}
