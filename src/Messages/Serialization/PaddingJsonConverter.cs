using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Serialization;

/// <summary>Padding as "same", "valid" or a number of zeros on each side.</summary>
public sealed class PaddingJsonConverter : JsonConverter<Padding>
{
    public override Padding Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => Padding.Of(reader.GetInt32()),
        JsonTokenType.String when reader.GetString() == "same" => Padding.Same,
        JsonTokenType.String when reader.GetString() == "valid" => Padding.Valid,
        _ => throw new JsonException("Padding is same, valid or a number."),
    };

    public override void Write(Utf8JsonWriter writer, Padding value, JsonSerializerOptions options)
    {
        if (value.Mode == PaddingMode.Explicit)
            writer.WriteNumberValue(value.Amount);
        else
            writer.WriteStringValue(value.ToString());
    }
}
