using System.Text.Json.Serialization;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Messages.Specs;

/// <summary>"same", "valid", or an explicit number of zeros on every side.</summary>
[JsonConverter(typeof(PaddingJsonConverter))]
public readonly record struct Padding(PaddingMode Mode, int Amount = 0)
{
    public static readonly Padding Same = new(PaddingMode.Same);
    public static readonly Padding Valid = new(PaddingMode.Valid);

    public static Padding Of(int amount) => new(PaddingMode.Explicit, amount);

    public override string ToString() => Mode == PaddingMode.Explicit ? Amount.ToString() : Mode.ToString().ToLowerInvariant();
}
