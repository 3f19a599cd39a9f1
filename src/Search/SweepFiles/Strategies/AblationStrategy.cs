namespace SweepCluster.Search.SweepFiles.Strategies;

/// <summary>The base once, each value of each factor alone on the base, then the explicit variants.</summary>
internal static class AblationStrategy
{
    public static List<TrialPlan> Expand(SearchSpec search, string source, Action<string, string> fail)
    {
        var plans = new List<TrialPlan> { new("base", []) };
        foreach (var (path, values, origin) in ValueLists.Read(search.Factors, SpecPath.Child(source, "factors"), fail))
            plans.AddRange(values.Select(value => new TrialPlan(Label.Of(path, value), [new Override(path, value, origin)])));
        plans.AddRange(VariantsStrategy.Each(search, source).Select(v => v.Plan));
        return plans;
    }
}
