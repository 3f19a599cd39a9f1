using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.Samplers;
using SweepCluster.Search.Schedulers;
using SweepCluster.Search.SweepFiles.Strategies;

namespace SweepCluster.Search.SweepFiles;

/// <summary>
/// Sweep file -> validated plan: schema, strategy, every trial resolved and checked (ranges, shapes),
/// deterministic ids, duplicates merged. Every error of the file is reported at once.
/// </summary>
public static class SweepExpander
{
    private static readonly string[] TrialSections = ["dataset", "model", "training"];

    /// <summary>The error a user's own dataset gets where no resolver reads its files (a client that sends the file to a coordinator).</summary>
    public const string DataNotReadHere = "names files that are read where the sweep runs; their shape is checked there";

    /// <param name="limits">What the file may ask for; <see cref="SweepLimits.Default"/> when null.</param>
    /// <param name="data">Reads the dataset's files to record what they decide (shape, classes, fingerprint); null: built-in shapes only.</param>
    public static SweepPlan ExpandFile(string path, SweepLimits? limits = null, IDatasetResolver? data = null)
    {
        if (!File.Exists(path))
            throw new SweepFileException([new SweepError(path, 0, 0, "(file)", "no such file")]);
        YamlPreScan.CheckSize(path, new FileInfo(path).Length);
        return Expand(path, File.ReadAllText(path), limits, data);
    }

    /// <param name="limits">What the file may ask for; <see cref="SweepLimits.Default"/> when null.</param>
    /// <param name="data">Reads the dataset's files to record what they decide (shape, classes, fingerprint); null: built-in shapes only.</param>
    public static SweepPlan Expand(string file, string text, SweepLimits? limits = null, IDatasetResolver? data = null) =>
        Expand(file, text, stage: 0, best: null, limits ?? SweepLimits.Default, data);

    /// <summary>
    /// The trials of stage <paramref name="stage"/> (0-based, after the first) of a stages sweep as its
    /// submission recorded it, built on <paramref name="best"/>, the winning trial of the stage before.
    /// </summary>
    public static SweepPlan ExpandStage(StageDesign design, int stage, TrialSpec best)
    {
        var map = new SourceMap("(stage plan)");
        SearchSpec search;
        try
        {
            search = design.Search.Deserialize<SearchSpec>(SpecJson.Options)!;
        }
        catch (JsonException e)
        {
            // A recorded plan this version no longer reads: the sweep ends with the reason, as a stage that does not expand does.
            throw new SweepFileException([map.Error("search", "the recorded stage plan cannot be read: " + e.Message)]);
        }
        var errors = new List<SweepError>();
        var baseTree = FromTrial(best);
        var (plans, pending) = Plans(search, stage, baseTree, design.Seed, (path, message) => errors.Add(map.Error(path, message)));
        var trials = Trials(plans, search.Repeats, baseTree, design.Seed, map, errors, out var valid);
        if (Searched(search, stage) is ({ Strategy: SearchStrategy.Random } random, var source))
            CheckDistributions(random, source, valid, baseTree, design.Seed, map, errors);
        var unique = errors.DistinctBy(e => e.ToString()).ToList();
        return unique.Count > 0
            ? throw new SweepFileException(unique)
            : new SweepPlan("", SearchStrategy.Stages, trials, pending, design.Names[stage], design.Metric);
    }

    private static SweepPlan Expand(string file, string text, int stage, TrialSpec? best, SweepLimits limits, IDatasetResolver? data)
    {
        var (root, map) = YamlTree.Read(file, text);
        var schemaErrors = new SchemaValidator(map).Validate(root, typeof(SweepFileSpec));
        if (schemaErrors.Count > 0)
            throw new SweepFileException(schemaErrors);
        var sweep = root.Deserialize<SweepFileSpec>(SpecJson.Options)!;
        // Counted before any trial is built: a few lines of grid can ask for millions.
        if (TrialCount.Of(sweep.Search) is var count && count > limits.MaxTrials)
            throw new SweepFileException([map.Error("search", $"plans {count:N0} trials; at most {limits.MaxTrials:N0} are allowed (setting SweepFiles:MaxTrials)")]);
        var errors = new List<SweepError>();
        void Fail(string path, string message) => errors.Add(map.Error(path, message));
        var baseTree = best is null ? WithData(FromFile((JsonObject)root!), sweep.Seed, data, Fail) : FromTrial(best);
        if (root!["search"] is JsonObject searchNode)
            SearchKeys.Check(searchNode, "search", isStage: false, Fail);
        // The name starts the sweep id, which names folders and lock files.
        if (!SweepIds.IsValidName(sweep.Name))
            Fail("name", $"must be 1 to {SweepIds.MaxNameLength} lowercase letters, digits, '-' or '_', starting with a letter or digit (got '{sweep.Name}')");
        var scheduler = sweep.Scheduler is { } schedule
            ? SchedulerSettings.Check(schedule, (JsonObject)root["scheduler"]!, WithDefaults(baseTree, Fail), sweep.Training.Epochs, sweep.Seed, Fail)
            : null;
        if (scheduler is { Type: SchedulerKind.Pbt })
            CheckMutations(scheduler, baseTree, sweep.Seed, map, errors);
        var search = sweep.Search;
        var (plans, pending) = Plans(search, stage, baseTree, sweep.Seed, Fail);
        if (search is { Repeats: < 1 })
            Fail("search.repeats", "must be at least 1");
        if (search is { Strategy: SearchStrategy.Random, Sampler: Sampler.Tpe })
        {
            if (search.StartupTrials < 1)
                Fail("search.startup_trials", "must be at least 1");
            if (search.Candidates < 1)
                Fail("search.candidates", "must be at least 1");
            if (search.Repeats > 1)
                Fail("search.repeats", "must be 1 with sampler tpe: each proposal learns from the results before it");
        }

        var trials = Trials(plans, search?.Repeats ?? 1, baseTree, sweep.Seed, map, errors, out var valid);
        if (Searched(search, stage) is ({ Strategy: SearchStrategy.Random } random, var source))
            CheckDistributions(random, source, valid, baseTree, sweep.Seed, map, errors);
        // Data that could not be read has said why once; its trials need not each say that their shape is unknown.
        if (data is not null)
            errors.RemoveAll(e => e.Message == DataNotReadHere);
        var unique = errors.DistinctBy(e => e.ToString()).ToList();
        if (unique.Count > 0)
            throw new SweepFileException(unique);
        var design = Design(sweep, baseTree, scheduler);
        return search?.Strategy == SearchStrategy.Stages
            ? new SweepPlan(sweep.Name, search.Strategy, trials, pending, design.Stages!.Names[stage], search.Metric, design)
            : new SweepPlan(sweep.Name, search?.Strategy, trials, pending, Design: design);
    }

    /// <summary>The plans' trials, each repeat with its own seed, the same trial once; <paramref name="valid"/>: the plans that resolved.</summary>
    private static List<PlannedTrial> Trials(List<TrialPlan> plans, int repeats, JsonObject baseTree, long seed, SourceMap map, List<SweepError> errors, out List<TrialPlan> valid)
    {
        var trials = new List<PlannedTrial>();
        var seen = new HashSet<string>();
        valid = [];
        foreach (var plan in plans)
        {
            for (var repeat = 0; repeat < Math.Max(1, repeats); repeat++)
            {
                if (Resolve(plan, baseTree, seed + repeat, map, errors) is not var (spec, summary))
                    continue;
                if (repeat == 0)
                    valid.Add(plan);
                var id = TrialIds.For(spec);
                if (seen.Add(id))
                    trials.Add(new PlannedTrial(trials.Count, id, plan.Label, Distinguishing(plan), repeat, spec, summary));
            }
        }
        return trials;
    }

    /// <summary>What decisions after submission need from the file, resolved now so they never read it again.</summary>
    private static SweepDesign Design(SweepFileSpec sweep, JsonObject baseTree, SchedulerSpec? scheduler)
    {
        var search = sweep.Search;
        var tpe = search is { Strategy: SearchStrategy.Random, Sampler: Sampler.Tpe }
            ? new TpeDesign(search.Samples, search.Metric, search.StartupTrials, search.Candidates, (JsonObject)baseTree.DeepClone(), (JsonObject)JsonSerializer.SerializeToNode(search.Parameters, SpecJson.Canonical)!, sweep.Seed)
            : null;
        var stages = search is { Strategy: SearchStrategy.Stages }
            ? new StageDesign(search.Metric, [.. search.Stages.Select((s, i) => s.Name ?? $"stage {i + 1}")], (JsonObject)JsonSerializer.SerializeToNode(search, SpecJson.Canonical)!, sweep.Seed)
            : null;
        return new SweepDesign(search?.Strategy, scheduler, tpe, stages);
    }

    /// <summary>
    /// TPE's next sample for a sweep file whose search uses it, given every trial so far (in plan order):
    /// a valid trial that is none of them, or null when 20 proposals in a row were invalid or repeats
    /// (a small space that is used up). Seeded by the sweep's seed and the sample's position.
    /// </summary>
    public static PlannedTrial? Propose(TpeDesign design, IReadOnlyList<SampledTrial> trials)
    {
        var map = new SourceMap("(tpe design)");
        var search = new SearchSpec
        {
            Strategy = SearchStrategy.Random,
            Sampler = Sampler.Tpe,
            Parameters = design.Parameters.ToDictionary(p => p.Key, p => p.Value?.DeepClone()),
            StartupTrials = design.StartupTrials,
            Candidates = design.Candidates,
        };
        var baseTree = design.Base;
        var errors = new List<SweepError>();
        void Fail(string path, string message) => errors.Add(map.Error(path, message));
        var withDefaults = WithDefaults(baseTree, Fail);
        var parameters = RandomStrategy.Parameters(search, "search", withDefaults, Fail);
        if (errors.Count > 0)
            throw new SweepFileException(errors);
        var maximise = design.Maximise;
        var observations = trials.Where(t => t.Pending || t.Value is not null).Select(t => new Observation(
            [.. parameters.Select(p => t.Overrides.TryGetValue(p.Path, out var value) ? p.Draw.ToDimension(value) : null)],
            t.Pending ? null : maximise ? -t.Value : t.Value,
            t.Stopped)).ToList();
        var tpe = new TreeParzenEstimator([.. parameters.Select(p => p.Draw.Dimension())], new TpeOptions(search.StartupTrials, search.Candidates));
        var index = trials.Count;
        var random = new Random(unchecked((int)((design.Seed * 1_000_003) + index)));
        var taken = trials.Select(t => t.TrialId).ToHashSet();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var point = tpe.Propose(observations, random);
            var plan = RandomStrategy.Plan(parameters, [.. parameters.Select((p, i) => p.Draw.FromDimension(point[i]))], withDefaults, index);
            if (Resolve(plan, baseTree, design.Seed, map, []) is var (spec, summary) && !taken.Contains(TrialIds.For(spec)))
                return new PlannedTrial(index, TrialIds.For(spec), plan.Label, Distinguishing(plan), 0, spec, summary);
        }
        return null;
    }

    /// <summary>Each PBT mutation at both ends of its distribution must give a valid trial, or exploring could make one that is not.</summary>
    private static void CheckMutations(SchedulerSpec scheduler, JsonObject baseTree, long seed, SourceMap map, List<SweepError> errors)
    {
        foreach (var (path, node) in scheduler.Mutations)
        {
            if (Distribution.Parse(node, out _) is { } draw)
                CheckEnds(path, draw, SpecPath.Child("scheduler.mutations", path), closed: true, new TrialPlan("base", []), baseTree, seed, map, errors);
        }
    }

    /// <summary>
    /// Each random parameter at both ends of its distribution (every choice), put into the first valid
    /// sample it applies to: whether a bad end is refused must not depend on where the samples fell.
    /// </summary>
    private static void CheckDistributions(SearchSpec search, string source, List<TrialPlan> valid, JsonObject baseTree, long seed, SourceMap map, List<SweepError> errors)
    {
        // Their errors were reported while expanding; here only the ends are new.
        var ignore = (string _, string _) => { };
        foreach (var parameter in RandomStrategy.Parameters(search, source, WithDefaults(baseTree, ignore), ignore))
        {
            if (valid.FirstOrDefault(plan => plan.Overrides.Any(o => o.Path == parameter.Path)) is { } sample)
                CheckEnds(parameter.Path, parameter.Draw, parameter.Origin, closed: false, sample, baseTree, seed, map, errors);
        }
    }

    private static void CheckEnds(string path, Distribution draw, string origin, bool closed, TrialPlan on, JsonObject baseTree, long seed, SourceMap map, List<SweepError> errors)
    {
        foreach (var (value, end) in draw.Ends(closed))
        {
            var plan = new TrialPlan($"{path} = {value?.ToJsonString()}, {end}", [.. on.Overrides.Where(o => o.Path != path), new Override(path, value, origin)]);
            Resolve(plan, baseTree, seed, map, errors);
        }
    }

    /// <summary>
    /// PBT's explore step applied: <paramref name="donor"/> with <paramref name="changes"/> (path -> value)
    /// and <paramref name="seed"/>, checked as any trial is; the overrides are the donor's with the changes.
    /// </summary>
    public static (TrialSpec Spec, IReadOnlyDictionary<string, JsonNode?> Overrides) Mutate(
        TrialSpec donor, IReadOnlyDictionary<string, JsonNode?> donorOverrides, IReadOnlyDictionary<string, JsonNode?> changes, long seed)
    {
        var map = new SourceMap("(pbt)");
        var plan = new TrialPlan("pbt", [.. changes.Select(c => new Override(c.Key, c.Value, c.Key))]);
        var errors = new List<SweepError>();
        if (Resolve(plan, FromTrial(donor), seed, map, errors) is not var (spec, _))
            throw new SweepFileException(errors);
        var overrides = donorOverrides.ToDictionary(o => o.Key, o => o.Value?.DeepClone());
        foreach (var (path, value) in Distinguishing(plan))
            overrides[path] = value;
        return (spec, overrides);
    }

    /// <summary>
    /// The base with its dataset as <paramref name="data"/> resolves it: what the files decide recorded,
    /// once for the sweep, so every trial (and every later proposal or stage) carries it. A dataset the
    /// schema or range checks refuse is left as written: those checks report it per trial.
    /// </summary>
    private static JsonObject WithData(JsonObject baseTree, long seed, IDatasetResolver? data, Action<string, string> fail)
    {
        if (data is null)
            return baseTree;
        DatasetSpec written;
        try
        {
            written = baseTree["dataset"].Deserialize<DatasetSpec>(SpecJson.Options)!;
        }
        catch (JsonException)
        {
            return baseTree;
        }
        if (RangeValidator.CheckDataset(written).Count > 0)
            return baseTree;
        DatasetSpec resolved;
        try
        {
            resolved = data.Resolve(written, seed);
        }
        catch (DatasetException e)
        {
            fail("dataset." + (e.Field ?? (written.Path is null ? "name" : "path")), e.Message);
            return baseTree;
        }
        var tree = (JsonObject)baseTree.DeepClone();
        tree["dataset"] = JsonSerializer.SerializeToNode(resolved, SpecJson.Options);
        return tree;
    }

    private static JsonObject FromFile(JsonObject root)
    {
        var tree = new JsonObject();
        foreach (var section in TrialSections)
            tree[section] = root[section]?.DeepClone() ?? new JsonObject();
        return tree;
    }

    /// <summary>A trial as the tree that sweep-file paths address.</summary>
    internal static JsonObject FromTrial(TrialSpec trial) => new()
    {
        ["dataset"] = JsonSerializer.SerializeToNode(trial.Dataset, SpecJson.Options),
        ["model"] = JsonSerializer.SerializeToNode(trial.Model, SpecJson.Options),
        ["training"] = JsonSerializer.SerializeToNode(trial.Training, SpecJson.Options),
    };

    private static (List<TrialPlan>, List<string>) Plans(SearchSpec? search, int stage, JsonObject baseTree, long seed, Action<string, string> fail)
    {
        if (search is null)
            return ([new TrialPlan("base", [])], []);
        if (search.Strategy != SearchStrategy.Stages)
            return (Strategy(search, "search", baseTree, seed, fail), []);
        if (stage >= search.Stages.Count)
        {
            fail("search.stages", $"has {search.Stages.Count} stage(s); there is no stage {stage + 1}");
            return ([], []);
        }
        for (var i = 0; i < search.Stages.Count; i++)
        {
            if (search.Stages[i].Strategy == SearchStrategy.Stages)
                fail($"search.stages[{i}].strategy", "a stage is grid, random, ablation or variants; stages do not nest");
        }
        // Each stage starts from the best trial of the one before, so only this stage is known now.
        var trials = Strategy(search.Stages[stage], $"search.stages[{stage}]", baseTree, seed, fail);
        var pending = search.Stages.Skip(stage + 1).Select((s, i) => s.Name ?? $"stage {stage + i + 2}").ToList();
        return (trials, pending);
    }

    /// <summary>The search this expansion draws from (a stages sweep's current stage) and where the file writes it.</summary>
    private static (SearchSpec Search, string Source)? Searched(SearchSpec? search, int stage) => search switch
    {
        null => null,
        { Strategy: SearchStrategy.Stages } when stage < search.Stages.Count => (search.Stages[stage], $"search.stages[{stage}]"),
        { Strategy: SearchStrategy.Stages } => null,
        _ => (search, "search"),
    };

    private static List<TrialPlan> Strategy(SearchSpec search, string source, JsonObject baseTree, long seed, Action<string, string> fail) => search.Strategy switch
    {
        SearchStrategy.Grid => GridStrategy.Expand(search, source, fail),
        SearchStrategy.Random => RandomStrategy.Expand(search, source, WithDefaults(baseTree, fail), seed, fail),
        SearchStrategy.Ablation => AblationStrategy.Expand(search, source, fail),
        SearchStrategy.Variants => VariantsStrategy.Expand(search, source),
        _ => [],
    };

    /// <summary>The base as a trial resolves it, every default written out (for conditions on default values).</summary>
    private static JsonObject WithDefaults(JsonObject baseTree, Action<string, string> fail)
    {
        try
        {
            return FromTrial(new TrialSpec(
                baseTree["dataset"].Deserialize<DatasetSpec>(SpecJson.Options)!,
                baseTree["model"].Deserialize<ModelSpec>(SpecJson.Options)!,
                baseTree["training"].Deserialize<TrainingSpec>(SpecJson.Options)!,
                0));
        }
        catch (JsonException e)
        {
            fail("", "the base trial cannot be read: " + e.Message);
            return baseTree;
        }
    }

    private static (TrialSpec, ModelSummary)? Resolve(TrialPlan plan, JsonObject baseTree, long seed, SourceMap map, List<SweepError> errors)
    {
        var tree = (JsonObject)baseTree.DeepClone();
        var failed = false;
        foreach (var change in plan.Overrides)
        {
            if (!TrialSections.Any(s => change.Path == s || change.Path.StartsWith(s + ".") || change.Path.StartsWith(s + "[")))
            {
                errors.Add(map.Error(change.Source, $"'{change.Path}' is not in a trial: paths start with dataset, model or training"));
                failed = true;
            }
            else if (VariesData(change.Path))
            {
                errors.Add(map.Error(change.Source, $"'{change.Path}' cannot vary: a sweep's trials train on one dataset (write one sweep file per dataset)"));
                failed = true;
            }
            else if (SpecPath.Set(tree, change.Path, change.Value) is { } problem)
            {
                errors.Add(map.Error(change.Source, $"'{change.Path}' {problem}"));
                failed = true;
            }
        }
        if (failed)
            return null;

        var schema = new SchemaValidator(map);
        foreach (var section in TrialSections)
        {
            var type = section switch { "dataset" => typeof(DatasetSpec), "model" => typeof(ModelSpec), _ => typeof(TrainingSpec) };
            schema.Validate(tree[section], type, section);
        }
        if (schema.Errors.Count > 0)
        {
            errors.AddRange(schema.Errors.Select(e => Report(plan, map, e.Path, e.Message)));
            return null;
        }

        TrialSpec spec;
        try
        {
            spec = new TrialSpec(
                tree["dataset"].Deserialize<DatasetSpec>(SpecJson.Options)!,
                tree["model"].Deserialize<ModelSpec>(SpecJson.Options)!,
                tree["training"].Deserialize<TrainingSpec>(SpecJson.Options)!,
                seed);
        }
        catch (JsonException e)
        {
            // The schema check above should make this unreachable; if not, the user still gets a located error.
            errors.Add(Report(plan, map, e.Path?.TrimStart('$', '.') ?? "", "cannot be read: " + e.Message));
            return null;
        }
        var ranges = RangeValidator.Check(spec);
        errors.AddRange(ranges.Select(r => Report(plan, map, r.Path, r.Message)));
        if (ranges.Count > 0)
            return null;
        if (Datasets.Describe(spec.Dataset) is not { } dataset)
        {
            errors.Add(map.Error("dataset.source", DataNotReadHere));
            return null;
        }
        try
        {
            return (spec, ModelSummarizer.Summarize(spec.Model, dataset.Input(), dataset.Classes));
        }
        catch (ShapeException e)
        {
            errors.Add(Report(plan, map, e.Path, e.Message[(e.Path.Length + 2)..]));
            return null;
        }
    }

    /// <summary>
    /// An error in a resolved trial: where an override caused it (the error lies at, above or below
    /// the overridden path) it points at that override and names the trial; else at the base.
    /// </summary>
    private static SweepError Report(TrialPlan plan, SourceMap map, string path, string message)
    {
        var cause = plan.Overrides.LastOrDefault(o => Within(path, o.Path) || Within(o.Path, path));
        return cause is null ? map.Error(path, message) : map.ErrorAt(cause.Source, path, $"trial '{plan.Label}': {message}");
    }

    private static bool VariesData(string path) =>
        path == "dataset" || DatasetSpec.IdentityKeys.Any(key => Within(path, "dataset." + key));

    private static bool Within(string path, string ancestor) =>
        path == ancestor || path.StartsWith(ancestor + ".") || path.StartsWith(ancestor + "[");

    /// <summary>The last value each path was set to: what tells this trial apart in a results table.</summary>
    private static IReadOnlyDictionary<string, JsonNode?> Distinguishing(TrialPlan plan)
    {
        var last = new Dictionary<string, JsonNode?>();
        foreach (var change in plan.Overrides)
            last[change.Path] = change.Value?.DeepClone();
        return last;
    }
}
