namespace SweepCluster.Coordinator.Charts;

/// <summary>
/// Apache ECharts, embedded in this assembly at build time (Charts/ChartLibrary.targets): the
/// dashboard serves it and the HTML report inlines it, so neither needs a network.
/// </summary>
public static class ChartLibrary
{
    private static readonly Lazy<string> ScriptText = new(() => Read("charts/echarts.min.js"));

    /// <summary>echarts.min.js.</summary>
    public static string Script => ScriptText.Value;

    /// <summary>Its Apache 2.0 licence, served beside it.</summary>
    public static string License => Read("charts/echarts.LICENSE");

    private static string Read(string name)
    {
        using var stream = typeof(ChartLibrary).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded {name}: the build fetches it (Charts/ChartLibrary.targets).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
