using System.Diagnostics;
using System.Globalization;

namespace DatasetDecode;

/// <summary>Timed steps, printed as a Markdown table.</summary>
internal sealed class Report
{
    private readonly List<(string Step, string Time, string Rate, string Notes, string Others, long PeakMiB)> _rows = [];

    /// <summary>Other processes' CPU use (in cores) during the last <see cref="Time"/>.</summary>
    public static double? LastOtherCores { get; private set; }

    public static (T Result, TimeSpan Elapsed) Time<T>(Func<T> work)
    {
        var contention = Contention.Start();
        var watch = Stopwatch.StartNew();
        var result = work();
        var elapsed = watch.Elapsed;
        LastOtherCores = contention.OtherCores();
        return (result, elapsed);
    }

    /// <param name="otherCores">Other processes' CPU use during the step; null: that of the last <see cref="Time"/>.</param>
    public void Add(string step, TimeSpan elapsed, string rate = "", string notes = "", double? otherCores = null)
    {
        var others = (otherCores ?? LastOtherCores)?.ToString("F2", CultureInfo.InvariantCulture) ?? "?";
        _rows.Add((step, Seconds(elapsed), rate, notes, others, Machine.PeakWorkingSet() >> 20));
        Console.WriteLine($"  {step}: {Seconds(elapsed)} {rate} {notes} (others: {others} cores)");
    }

    public void Print()
    {
        Console.WriteLine("| step | time | rate | notes | other processes' CPU (cores) | peak working set so far (MiB) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in _rows)
            Console.WriteLine($"| {row.Step} | {row.Time} | {row.Rate} | {row.Notes} | {row.Others} | {row.PeakMiB:N0} |");
    }

    public static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1 ? elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s"
        : elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    public static string PerSecond(int count, TimeSpan elapsed, string unit = "images") =>
        (count / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) + $" {unit}/s";

    public static string MiB(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
}
