namespace SweepCluster.Search.Samplers;

public enum DimensionKind
{
    Uniform,
    LogUniform,
    Integer,
    Choice,
}

/// <summary>
/// One searched parameter as a sampler sees it: a numeric range, or a number of choices (values are
/// the choice's index). A point holds null for a parameter it does not have (a condition left it out).
/// </summary>
public sealed record SearchDimension(DimensionKind Kind, double Low, double High, int Choices = 0)
{
    public static SearchDimension Choice(int count) => new(DimensionKind.Choice, 0, count - 1, count);

    /// <summary>The value at quantile <paramref name="u"/> of [0, 1) of the prior (uniform in its own scale).</summary>
    public double FromUnit(double u) => Kind switch
    {
        DimensionKind.Choice => Math.Min(Choices - 1, Math.Floor(u * Choices)),
        DimensionKind.LogUniform => Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low)))),
        DimensionKind.Integer => Math.Min(High, Math.Floor(Low + (u * (High - Low + 1)))),
        _ => Low + (u * (High - Low)),
    };

    /// <summary>The scale the kernels live in: log for log-uniform, widened by half a step for integers so each has its share.</summary>
    internal (double Low, double High) Scale => Kind switch
    {
        DimensionKind.LogUniform => (Math.Log(Low), Math.Log(High)),
        DimensionKind.Integer => (Low - 0.5, High + 0.5),
        _ => (Low, High),
    };

    internal double ToScale(double value) => Kind == DimensionKind.LogUniform ? Math.Log(value) : value;

    internal double FromScale(double x) => Kind switch
    {
        DimensionKind.LogUniform => Math.Clamp(Math.Exp(x), Low, High),
        DimensionKind.Integer => Math.Clamp(Math.Round(x), Low, High),
        _ => Math.Clamp(x, Low, High),
    };
}
