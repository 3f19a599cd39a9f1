namespace SweepCluster.Search.SweepFiles.Strategies;

/// <summary>A named list of overrides, each on the base or (cumulative) on top of the previous one.</summary>
internal static class VariantsStrategy
{
    public static List<TrialPlan> Expand(SearchSpec search, string source)
    {
        var plans = new List<TrialPlan>();
        if (search.IncludeBase)
            plans.Add(new TrialPlan("base", []));
        var carried = new List<Override>();
        foreach (var (name, plan) in Each(search, source))
        {
            if (!search.Cumulative)
            {
                plans.Add(plan);
                continue;
            }
            carried.AddRange(plan.Overrides);
            plans.Add(new TrialPlan(name, [.. carried]));
        }
        return plans;
    }

    public static IEnumerable<(string Name, TrialPlan Plan)> Each(SearchSpec search, string source)
    {
        for (var i = 0; i < search.Variants.Count; i++)
        {
            var variant = search.Variants[i];
            var origin = SpecPath.Child(SpecPath.Index(SpecPath.Child(source, "variants"), i), "set");
            var name = variant.Name.Length > 0 ? variant.Name : $"variant {i + 1}";
            yield return (name, new TrialPlan(name, [.. variant.Set.Select(s => new Override(s.Key, s.Value, SpecPath.Child(origin, s.Key)))]));
        }
    }
}
