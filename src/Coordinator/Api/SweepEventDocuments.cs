using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Api;

/// <summary>A journal event as the event stream sends it: its kind in kebab case and its fields in snake case.</summary>
public static partial class SweepEventDocuments
{
    public static SweepEventDocument Of(long sequenceNr, ISweepEvent e) => new(sequenceNr, Kind(e), e switch
    {
        // The file's text and every planned trial are for the coordinator; clients ask for the trials they want.
        SweepSubmitted s => new JsonObject
        {
            ["sweep_id"] = s.SweepId,
            ["name"] = s.Name,
            ["file"] = s.File,
            ["trials"] = s.Planned ?? s.Trials.Count,
            ["at"] = s.At,
        },
        _ => JsonSerializer.SerializeToNode(e, e.GetType(), SpecJson.Options)!,
    });

    /// <summary>After this event the sweep has nothing more to say (until it is resumed).</summary>
    public static bool Ends(ISweepEvent e) => e is SweepCompleted or SweepCancelled;

    public static string Kind(ISweepEvent e) => WordStart().Replace(e.GetType().Name, "-$1").ToLowerInvariant();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
