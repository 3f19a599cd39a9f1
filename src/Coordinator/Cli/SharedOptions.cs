using System.CommandLine;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Options that several commands take, each mapped to the setting it overrides.</summary>
public static class SharedOptions
{
    public static readonly Option<string?> LogLevel = LogLevelOption();

    private static Option<string?> LogLevelOption()
    {
        var option = new Option<string?>("--log-level")
        {
            Description = "Console log level: Verbose, Debug, Information, Warning (default), Error, Fatal.",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong([.. Enum.GetNames<Serilog.Events.LogEventLevel>().SelectMany(n => new[] { n, n.ToLowerInvariant() })]);
        return option;
    }

    public static Option<bool> AllowChangedData() => new(SweepCluster.GpuNode.Data.Fingerprints.ChangedData.AllowOption)
    {
        Description = "Go on although the dataset's files changed since the sweep recorded them (else that is refused, naming what changed); trials from now on train on the changed data.",
    };

    public static Option<bool> Plain() => new("--plain")
    {
        Description = "Show progress as a line per event even in a terminal (elsewhere it always is), instead of a table redrawn in place.",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    public static Option<string?> Device()
    {
        var option = new Option<string?>("--device")
        {
            Description = "Training device: auto (CUDA when available), cpu or cuda. Setting Torch:Device, env SWEEP_DEVICE.",
        };
        option.AcceptOnlyFromAmong([.. Enum.GetNames<DevicePreference>().Select(n => n.ToLowerInvariant())]);
        return option;
    }

    public static Option<string?> TorchLib() => new("--torch-lib")
    {
        Description = "Load libtorch from an existing PyTorch install's torch/lib folder. Setting Torch:LibDirectory, env SWEEP_TORCH_LIB.",
    };

    public static Option<string?> Database()
    {
        var option = new Option<string?>("--db")
        {
            Description = "The sweep store: an SQLite file (default ./sweeps.db) or PostgreSQL (a connection string or postgresql:// URI) without its password "
                + "(PGPASSWORD or Store:PasswordFile give it). Setting Store:Database.",
        };
        option.Validators.Add(r =>
        {
            try
            {
                if (r.GetValueOrDefault<string?>() is { } db && StorePasswords.HasPassword(db))
                    r.AddError("--db: no password on the command line (every user sees it in ps), whatever its key or form; set PGPASSWORD, or SWEEP_Store__PasswordFile to a file that holds it.");
            }
            catch (SettingsException e)
            {
                r.AddError("--db: " + e.Message);
            }
        });
        return option;
    }

    public static Option<string?> Checkpoints() => new("--checkpoints")
    {
        Description = "Root folder for a new sweep's checkpoints (default ./checkpoints); a sweep keeps the root it was submitted with. Setting Store:Checkpoints.",
    };

    /// <summary>The setting overrides a parse result carries: only options actually given.</summary>
    public static Dictionary<string, string?> Overrides(ParseResult parse, params (Option Option, string Key)[] mapped)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(LogLevel) is { } level)
            overrides["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = level;
        foreach (var (option, key) in mapped)
        {
            var result = parse.GetResult(option);
            if (result is { Implicit: false } && result.Tokens.Count > 0)
                overrides[key] = result.Tokens[^1].Value;
        }
        return overrides;
    }
}
