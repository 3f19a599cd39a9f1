using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// How much a local node trains at once: <c>--slots N|auto</c>, <c>--fuse K</c>, and for <c>auto</c>
/// <c>--memory-budget</c> and <c>--memory-headroom</c>. Added to the commands that host a node.
/// </summary>
public sealed class CapacityOptions
{
    /// <summary>Beyond this a fused step's activations outgrow any GPU for the models a sweep trains.</summary>
    private const int MaxFuse = 256;

    private readonly Option<string> _slots;
    private readonly Option<int> _fuse;
    private readonly Option<string?> _budget;
    private readonly Option<double> _headroom;

    public CapacityOptions(Command command, string slotsDescription)
    {
        _slots = new Option<string>("--slots")
        {
            Description = slotsDescription + " A number, or auto: as many as the device's memory holds, by each trial's estimated need "
                + "(on the CPU at most one per core).",
            DefaultValueFactory = _ => "1",
        };
        _slots.Validators.Add(r =>
        {
            if (!IsAuto(r.GetValueOrDefault<string>()) && !(int.TryParse(r.GetValueOrDefault<string>(), CultureInfo.InvariantCulture, out var n) && n >= 1))
                r.AddError($"--slots must be a number of at least 1, or auto; got '{r.GetValueOrDefault<string>()}'.");
        });
        _fuse = new Option<int>("--fuse")
        {
            Description = "Train up to K queued trials that share an architecture, batch size and data set as one fused network on a slot "
                + "(each still reported on its own); 1 turns fusion off. Pays on a GPU, where one small CNN leaves it mostly idle.",
            DefaultValueFactory = _ => 1,
        };
        _fuse.Validators.Add(r =>
        {
            if (ConvertedValue.TryGet<int>(r, out var fuse) && fuse is < 1 or > MaxFuse)
                r.AddError($"--fuse must be between 1 (off) and {MaxFuse}.");
        });
        _budget = new Option<string?>("--memory-budget")
        {
            Description = "With --slots auto: the device memory trials may use (e.g. 6GB, 512MB), instead of the free memory less the headroom.",
        };
        _budget.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && ByteSize.TryParse(text) is null)
                r.AddError($"--memory-budget must be a size such as 512MB, 6GB or 1.5GiB; got '{text}'.");
        });
        _headroom = new Option<double>("--memory-headroom")
        {
            Description = "With --slots auto: the share of the free memory left unused, for estimates that fall short (default 0.1).",
            DefaultValueFactory = _ => 0.1,
        };
        _headroom.Validators.Add(r =>
        {
            if (ConvertedValue.TryGet<double>(r, out var headroom) && headroom is < 0 or >= 1)
                r.AddError("--memory-headroom must be at least 0 and below 1.");
        });
        command.Add(_slots);
        command.Add(_fuse);
        command.Add(_budget);
        command.Add(_headroom);
    }

    public NodeCapacity Read(ParseResult parse)
    {
        var slots = parse.GetValue(_slots)!;
        return new NodeCapacity(
            IsAuto(slots) ? null : int.Parse(slots, CultureInfo.InvariantCulture),
            parse.GetValue(_fuse),
            parse.GetValue(_budget) is { } budget ? ByteSize.TryParse(budget) : null,
            parse.GetValue(_headroom));
    }

    private static bool IsAuto(string? text) => string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase);
}
