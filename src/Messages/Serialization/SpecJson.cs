using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Messages.Serialization;

/// <summary>The one JSON form of specs and results: snake_case names, enums as snake_case strings.</summary>
public static class SpecJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
        // Sweep files name a block's type wherever they like, not only first.
        AllowOutOfOrderMetadataProperties = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Compact and in declaration order: the canonical form trial ids are hashed from.</summary>
    public static readonly JsonSerializerOptions Canonical = new(Options) { WriteIndented = false };
}
