using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace SweepCluster.Messages.Serialization;

/// <summary>
/// The explicit, versioned serializer of every <see cref="ISweepClusterMessage"/>: a stable manifest
/// (<see cref="MessageManifests"/>) and a System.Text.Json body, instead of Akka's default that embeds
/// CLR type names and breaks replay when a type moves.
/// </summary>
public sealed class SweepClusterSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>HOCON that binds this serializer; every process's configuration includes it.</summary>
    public const string Configuration = """
        akka.actor {
          serializers.sweepcluster = "SweepCluster.Messages.Serialization.SweepClusterSerializer, SweepCluster.Messages"
          serialization-bindings {
            "SweepCluster.Messages.ISweepClusterMessage, SweepCluster.Messages" = sweepcluster
          }
          serialization-identifiers {
            "SweepCluster.Messages.Serialization.SweepClusterSerializer, SweepCluster.Messages" = 4711
          }
        }
        """;

    public override int Identifier => 4711;

    public override string Manifest(object o) => MessageManifests.Of(o.GetType());

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), SpecJson.Canonical);

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, MessageManifests.TypeOf(manifest), SpecJson.Options)
        ?? throw new System.Runtime.Serialization.SerializationException($"Empty body for manifest '{manifest}'.");
}
