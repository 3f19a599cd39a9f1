using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Messages.Serialization;

/// <summary>A kernel as a number (square) or [height, width], the way sweep files write it.</summary>
public sealed class KernelJsonConverter : JsonConverter<Kernel>
{
    public override Kernel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return Kernel.Square(reader.GetInt32());
        var sides = JsonSerializer.Deserialize<int[]>(ref reader, options);
        return sides is [var height, var width]
            ? new Kernel(height, width)
            : throw new JsonException("A kernel is a number or [height, width].");
    }

    public override void Write(Utf8JsonWriter writer, Kernel value, JsonSerializerOptions options)
    {
        if (value.Height == value.Width)
        {
            writer.WriteNumberValue(value.Height);
            return;
        }
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Height);
        writer.WriteNumberValue(value.Width);
        writer.WriteEndArray();
    }
}
