using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

/// <summary>Builds sweep files in tests around a small valid base.</summary>
internal static class Sweeps
{
    public const string Base = """
        name: test
        seed: 3
        dataset:
          name: fashion-mnist
        model:
          blocks:
            - type: conv
              filters: 8
              pool: {kind: max, size: 2}
            - type: conv
              filters: 16
              pool: {kind: max, size: 2}
          head:
            dense:
              - units: 32
        training:
          epochs: 2
        """;

    public static SweepPlan Expand(string search = "") => SweepExpander.Expand("test.yaml", Base + "\n" + search);

    public static IReadOnlyList<SweepError> Errors(string text)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepExpander.Expand("bad.yaml", text));
        return error.Errors;
    }
}
