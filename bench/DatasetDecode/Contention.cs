using System.Diagnostics;

namespace DatasetDecode;

/// <summary>
/// How many cores other processes kept busy while a step ran: the machine's busy time (/proc/stat)
/// less this process's own CPU time, over the wall time. Ticks are 10 ms, so short steps read coarsely.
/// </summary>
internal readonly record struct Contention(long MachineBusyTicks, TimeSpan Own, long Started)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static Contention Start() => new(MachineBusy(), OwnCpu(), Stopwatch.GetTimestamp());

    /// <summary>Cores' worth of other processes' CPU use since <see cref="Start"/>; null where /proc/stat is missing.</summary>
    public double? OtherCores()
    {
        if (MachineBusyTicks < 0)
            return null;
        var wall = Stopwatch.GetElapsedTime(Started).TotalSeconds;
        var machine = (MachineBusy() - MachineBusyTicks) / TicksPerSecond;
        var own = (OwnCpu() - Own).TotalSeconds;
        return Math.Max(0, machine - own) / wall;
    }

    private static TimeSpan OwnCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>user + nice + system + irq + softirq + steal of all CPUs, in ticks; -1 where unknown.</summary>
    private static long MachineBusy()
    {
        if (!File.Exists("/proc/stat"))
            return -1;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i]));
    }
}
