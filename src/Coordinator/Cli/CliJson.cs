using System.Text.Json;

namespace SweepCluster.Coordinator.Cli;

/// <summary>One JSON style for every --json output: snake_case, indented.</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
