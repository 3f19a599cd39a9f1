using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// How much a local node trains at once: <c>--slots N|auto</c>, <c>--fuse K</c>, and for <c>auto</c>
/// <c>--memory-budget</c> and <c>--memory-headroom</c>. Added to the commands that host a node.
/// Slots and fuse are the settings Node:Slots and Node:Fuse, which the options override.
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
                + "(on the CPU at most one per core). Setting Node:Slots (default 1).",
        };
        _slots.Validators.Add(r =>
        {
            if (SlotsError(r.GetValueOrDefault<string>()) is { } error)
                r.AddError("--slots " + error);
        });
        _fuse = new Option<int>("--fuse")
        {
            Description = "Train up to K queued trials that share an architecture, batch size and data set as one fused network on a slot "
                + "(each still reported on its own); 1 turns fusion off. Pays on a GPU, where one small CNN leaves it mostly idle. Setting Node:Fuse (default 1).",
        };
        _fuse.Validators.Add(r =>
        {
            if (ConvertedValue.TryGet<int>(r, out var fuse) && FuseError(fuse) is { } error)
                r.AddError("--fuse " + error);
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

    /// <summary>The options that override settings, for <see cref="SharedOptions.Overrides"/>.</summary>
    public (Option Option, string Key)[] Settings => [(_slots, "Node:Slots"), (_fuse, "Node:Fuse")];

    /// <summary>The capacity from the settings (<paramref name="node"/>, which the options overrode) and the memory options.</summary>
    /// <exception cref="SettingsException">Node:Slots or Node:Fuse, set in the environment or appsettings.json, is out of range.</exception>
    public NodeCapacity Read(ParseResult parse, NodeOptions node)
    {
        if (SlotsError(node.Slots) is { } slotsError)
            throw new SettingsException("Node:Slots " + slotsError);
        if (FuseError(node.Fuse) is { } fuseError)
            throw new SettingsException("Node:Fuse " + fuseError);
        return new NodeCapacity(
            IsAuto(node.Slots) ? null : int.Parse(node.Slots, CultureInfo.InvariantCulture),
            node.Fuse,
            parse.GetValue(_budget) is { } budget ? ByteSize.TryParse(budget) : null,
            parse.GetValue(_headroom));
    }

    private static bool IsAuto(string? text) => string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase);

    private static string? SlotsError(string? slots) =>
        IsAuto(slots) || (int.TryParse(slots, CultureInfo.InvariantCulture, out var n) && n >= 1) ? null : $"must be a number of at least 1, or auto; got '{slots}'.";

    private static string? FuseError(int fuse) => fuse is < 1 or > MaxFuse ? $"must be between 1 (off) and {MaxFuse}; got {fuse}." : null;
}
