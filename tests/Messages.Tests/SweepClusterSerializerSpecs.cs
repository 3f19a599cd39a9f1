using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Messages.Tests;

public sealed class SweepClusterSerializerSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-specs", ConfigurationFactory.ParseString(SweepClusterSerializer.Configuration));

    public void Dispose() => _system.Dispose();

    public static TheoryData<string> Messages() => new(SampleMessages.All().Select(m => m.GetType().Name));

    private static ISweepClusterMessage Sample(string type) => SampleMessages.All().Single(m => m.GetType().Name == type);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_is_bound_to_our_serializer_and_round_trips(string type)
    {
        var message = Sample(type);
        var serializer = _system.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType<SweepClusterSerializer>(serializer);
        Assert.IsType(message.GetType(), back);
        Assert.Equal(JsonSerializer.Serialize(message, message.GetType(), SpecJson.Canonical), JsonSerializer.Serialize(back, back.GetType(), SpecJson.Canonical));
    }

    [Fact]
    public void Every_message_type_has_a_manifest_and_a_sample()
    {
        var messageTypes = typeof(ISweepClusterMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISweepClusterMessage).IsAssignableFrom(t))
            .ToHashSet();

        Assert.Equal(messageTypes.OrderBy(t => t.Name), MessageManifests.All.OrderBy(t => t.Name));
        Assert.Equal(messageTypes.OrderBy(t => t.Name), SampleMessages.All().Select(m => m.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void Manifests_are_short_and_versioned()
    {
        Assert.All(MessageManifests.All, t => Assert.Matches(@"^[a-z-]+\.v[0-9]+$", MessageManifests.Of(t)));
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_serialization_error()
    {
        var serializer = new SweepClusterSerializer((ExtendedActorSystem)_system);

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "trial-exploded.v9"));

        Assert.Contains("trial-exploded.v9", error.Message);
    }

    [Fact]
    public void A_version_1_submission_and_snapshot_still_read_and_are_written_as_version_2()
    {
        var serializer = new SweepClusterSerializer((ExtendedActorSystem)_system);
        var v1 = "{\"sweep_id\":\"s1\",\"name\":\"study\",\"file\":\"study.yaml\",\"source\":\"name: study\",\"trials\":[],\"at\":\"2026-12-06T07:00:00+00:00\",\"planned\":null,\"checkpoints\":null}"u8.ToArray();

        var submitted = Assert.IsType<SweepSubmitted>(serializer.FromBinary(v1, "sweep-submitted.v1"));
        var snapshot = Assert.IsType<SweepSnapshot>(serializer.FromBinary("{\"sweep_id\":\"s1\",\"name\":\"study\",\"file\":\"study.yaml\",\"source\":\"name: study\",\"phase\":\"Running\",\"trials\":[]}"u8.ToArray(), "sweep-snapshot.v1"));

        Assert.Equal(("study", null), (submitted.Name, submitted.Design));
        Assert.Equal(("Running", null), (snapshot.Phase, snapshot.Design));
        Assert.Equal(("sweep-submitted.v2", "sweep-snapshot.v2"), (serializer.Manifest(submitted), serializer.Manifest(snapshot)));
    }
}
