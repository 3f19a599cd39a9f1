using SweepCluster.Search.Samplers;

/// <summary>Standard minimisation benchmarks with their domains and known minima.</summary>
internal sealed record TestFunction(string Name, SearchDimension[] Space, Func<double[], double> Value, double Minimum)
{
    /// <summary>Branin-Hoo on [-5, 10] x [0, 15]; minimum 0.397887 at three points.</summary>
    public static readonly TestFunction Branin = new(
        "Branin",
        [new(DimensionKind.Uniform, -5, 10), new(DimensionKind.Uniform, 0, 15)],
        x =>
        {
            const double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
            return (a * Math.Pow(x[1] - (b * x[0] * x[0]) + (c * x[0]) - r, 2)) + (s * (1 - t) * Math.Cos(x[0])) + s;
        },
        0.397887);

    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];

    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Hartmann-6 on [0, 1]^6; minimum -3.32237.</summary>
    public static readonly TestFunction Hartmann6 = new(
        "Hartmann-6",
        [.. Enumerable.Repeat(new SearchDimension(DimensionKind.Uniform, 0, 1), 6)],
        x =>
        {
            var sum = 0.0;
            for (var i = 0; i < 4; i++)
            {
                var inner = 0.0;
                for (var j = 0; j < 6; j++)
                    inner += A[i, j] * Math.Pow(x[j] - P[i, j], 2);
                sum += Alpha[i] * Math.Exp(-inner);
            }
            return -sum;
        },
        -3.32237);
}
