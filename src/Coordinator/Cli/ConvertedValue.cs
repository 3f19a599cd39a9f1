using System.CommandLine.Parsing;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// An option's value inside its validator. Validators run even when the text did not convert to the
/// option's type, and reading the value then throws; the parser already reports that error
/// ("Cannot parse argument 'abc' for option '--fuse'..."), so the validator has nothing to add.
/// </summary>
public static class ConvertedValue
{
    public static bool TryGet<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }
}
