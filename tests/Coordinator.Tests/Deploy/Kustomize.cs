using k8s;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SweepCluster.Coordinator.Tests.Deploy;

/// <summary>
/// What `kubectl kustomize DIR` makes of deploy/k8s, for the parts of kustomize the manifests use
/// (resources, components, strategic-merge and JSON 6902 patches, images, namespace, labels), so the
/// specs need no kubectl. Every file is loaded strictly on its own first (a misspelled field fails
/// with its file, line and column), and so is every object the build makes. Where kubectl is on PATH,
/// a spec checks that this build and kubectl's agree.
/// </summary>
public static class Kustomize
{
    private static readonly IDeserializer Generic = new DeserializerBuilder().Build();
    private static readonly ISerializer Writer = new SerializerBuilder().Build();
    private static readonly IDeserializer Strict = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    /// <summary>The built objects (typed), the same as generic trees, and what the build saw on the way.</summary>
    public sealed record Result(List<object> Objects, List<Dictionary<object, object>> Documents, List<ImageEntry> Images, List<string> SourceImages);

    public static Result Build(string folder)
    {
        var images = new List<ImageEntry>();
        var sourceImages = new List<string>();
        var documents = Accumulate(folder, images, sourceImages, component: false);
        var text = string.Join("---\n", documents.Select(d => Writer.Serialize(d)));
        return new Result(KubernetesYaml.LoadAllFromString(text, CertManager.TypeMap, strict: true), documents, images, sourceImages);
    }

    /// <summary>The YAML documents of a text as generic trees (maps, lists, strings).</summary>
    public static List<Dictionary<object, object>> Documents(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Generic.Deserialize<Dictionary<object, object>?>(parser) is { } document)
                documents.Add(document);
        }
        return documents;
    }

    private static List<Dictionary<object, object>> Accumulate(string folder, List<ImageEntry> images, List<string> sourceImages, bool component)
    {
        var file = Path.Combine(folder, "kustomization.yaml");
        var kustomization = Load<Kustomization>(file);
        var expected = component ? ("kustomize.config.k8s.io/v1alpha1", "Component") : ("kustomize.config.k8s.io/v1beta1", "Kustomization");
        Assert.True(expected == (kustomization.ApiVersion, kustomization.Kind), $"{file}: expected {expected}, found ({kustomization.ApiVersion}, {kustomization.Kind})");
        return Apply(kustomization, folder, [], images, sourceImages);
    }

    private static List<Dictionary<object, object>> Apply(Kustomization kustomization, string folder, List<Dictionary<object, object>> documents, List<ImageEntry> images, List<string> sourceImages)
    {
        var own = new List<Dictionary<object, object>>();
        foreach (var resource in kustomization.Resources.Select(r => Path.GetFullPath(Path.Combine(folder, r))))
        {
            if (Directory.Exists(resource))
            {
                own.AddRange(Accumulate(resource, images, sourceImages, component: false));
                continue;
            }
            var text = File.ReadAllText(resource);
            Strictly(resource, () => KubernetesYaml.LoadAllFromString(text, CertManager.TypeMap, strict: true));
            var loaded = Documents(text);
            sourceImages.AddRange(loaded.SelectMany(Containers).Select(c => (string)c["image"]));
            own.AddRange(loaded);
        }
        documents.AddRange(own);
        // A component acts on everything accumulated so far (the base too); a kustomization's own
        // transformers on what it holds, which is the same list here.
        foreach (var component in kustomization.Components.Select(c => Path.GetFullPath(Path.Combine(folder, c))))
        {
            var file = Path.Combine(component, "kustomization.yaml");
            var inner = Load<Kustomization>(file);
            Assert.True(("kustomize.config.k8s.io/v1alpha1", "Component") == (inner.ApiVersion, inner.Kind), $"{file} is no Component");
            Apply(inner, component, documents, images, sourceImages);
        }
        foreach (var patch in kustomization.Patches)
            Patch(documents, folder, patch);
        foreach (var document in documents)
        {
            var metadata = (Dictionary<object, object>)document["metadata"];
            if (kustomization.Namespace is { } ns && (string)document["kind"] != "Namespace")
                metadata["namespace"] = ns;
            foreach (var labels in kustomization.Labels)
            {
                var target = metadata.TryGetValue("labels", out var l) ? (Dictionary<object, object>)l : (Dictionary<object, object>)(metadata["labels"] = new Dictionary<object, object>());
                foreach (var (key, value) in labels.Pairs)
                    target[key] = value;
            }
            foreach (var container in Containers(document))
            {
                var image = (string)container["image"];
                var entry = kustomization.Images.FirstOrDefault(i => i.Name == ImageName(image));
                if (entry is not null)
                    container["image"] = (entry.NewName ?? entry.Name) + (entry.NewTag is { } tag ? ":" + tag : image.Contains(':') ? image[image.LastIndexOf(':')..] : "");
            }
        }
        images.AddRange(kustomization.Images);
        return documents;
    }

    /// <summary>An image without its tag or digest (a registry's port stays).</summary>
    public static string ImageName(string image)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }

    private static IEnumerable<Dictionary<object, object>> Containers(object node) => node switch
    {
        Dictionary<object, object> map => map.SelectMany(p => p.Key is "containers" or "initContainers" && p.Value is List<object> list
            ? list.Cast<Dictionary<object, object>>()
            : Containers(p.Value)),
        List<object> list => list.SelectMany(Containers),
        _ => [],
    };

    private static void Patch(List<Dictionary<object, object>> documents, string folder, KustomizePatch patch)
    {
        var file = patch.Path is null ? null : Path.Combine(folder, patch.Path);
        var text = patch.Patch ?? File.ReadAllText(file!);
        var root = Generic.Deserialize<object>(text);
        if (root is List<object> operations)
        {
            var target = patch.Target ?? throw new InvalidOperationException($"{file}: a JSON 6902 patch needs a target");
            var matched = documents.Where(d => (string)d["kind"] == target.Kind && Name(d) == target.Name).ToList();
            Assert.True(matched.Count == 1, $"{file}: target {target.Kind}/{target.Name} matches {matched.Count} objects");
            foreach (var operation in operations.Cast<Dictionary<object, object>>())
                Json6902(matched[0], operation, file);
            return;
        }
        // A strategic-merge patch is a partial object of its kind: strict loading checks its fields.
        Strictly(file ?? "inline patch", () => KubernetesYaml.LoadAllFromString(text, CertManager.TypeMap, strict: true));
        var partial = (Dictionary<object, object>)root!;
        var into = documents.Where(d => (string)d["kind"] == (string)partial["kind"] && Name(d) == Name(partial)).ToList();
        Assert.True(into.Count == 1, $"{file}: patches {partial["kind"]}/{Name(partial)}, which matches {into.Count} objects");
        Merge(into[0], partial);
    }

    private static string Name(Dictionary<object, object> document) => (string)((Dictionary<object, object>)document["metadata"])["name"];

    /// <summary>Strategic merge as far as the manifests need it: maps merge, lists of named items (or mounts) merge by that key, other lists are replaced.</summary>
    private static void Merge(Dictionary<object, object> target, Dictionary<object, object> patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is Dictionary<object, object> map && target.TryGetValue(key, out var existing) && existing is Dictionary<object, object> into)
                Merge(into, map);
            else if (value is List<object> items && target.TryGetValue(key, out var old) && old is List<object> list && MergeKey(items) is { } mergeKey)
            {
                foreach (var item in items.Cast<Dictionary<object, object>>())
                {
                    var match = list.Cast<Dictionary<object, object>>().FirstOrDefault(i => Equals(i.GetValueOrDefault(mergeKey), item[mergeKey]));
                    if (match is null)
                        list.Add(item);
                    else
                        Merge(match, item);
                }
            }
            else
                target[key] = value;
        }
    }

    private static string? MergeKey(List<object> items) =>
        new[] { "name", "mountPath" }.FirstOrDefault(k => items.Count > 0 && items.All(i => i is Dictionary<object, object> d && d.ContainsKey(k)));

    /// <summary>add (an index, or - to append), replace and remove: the operations the components use.</summary>
    private static void Json6902(Dictionary<object, object> document, Dictionary<object, object> operation, string? file)
    {
        Assert.True(operation.Keys.All(k => k is "op" or "path" or "value"), $"{file}: unknown field in {string.Join(", ", operation.Keys)}");
        var tokens = ((string)operation["path"]).Split('/')[1..].Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
        object parent = document;
        foreach (var token in tokens[..^1])
        {
            parent = parent switch
            {
                Dictionary<object, object> map when map.TryGetValue(token, out var child) => child,
                List<object> list when int.TryParse(token, out var i) && i < list.Count => list[i],
                _ => throw new InvalidOperationException($"{file}: {operation["path"]}: no {token} in the target"),
            };
        }
        var last = tokens[^1];
        var op = (string)operation["op"];
        switch (parent, op)
        {
            case (List<object> list, "add"):
                list.Insert(last == "-" ? list.Count : int.Parse(last), operation["value"]);
                break;
            case (List<object> list, "replace"):
                list[int.Parse(last)] = operation["value"];
                break;
            case (List<object> list, "remove"):
                list.RemoveAt(int.Parse(last));
                break;
            case (Dictionary<object, object> map, "add" or "replace"):
                map[last] = operation["value"];
                break;
            case (Dictionary<object, object> map, "remove"):
                map.Remove(last);
                break;
            default:
                throw new InvalidOperationException($"{file}: op {op} on {operation["path"]} is not supported here");
        }
    }

    private static T Load<T>(string file)
    {
        T? value = default;
        Strictly(file, () => value = Strict.Deserialize<T>(File.ReadAllText(file)));
        return value!;
    }

    private static void Strictly(string file, Action load)
    {
        try
        {
            load();
        }
        catch (YamlException e)
        {
            throw new InvalidOperationException($"{file}: {e.Start}: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    public sealed class Kustomization
    {
        public string ApiVersion { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Namespace { get; set; }
        public List<LabelEntry> Labels { get; set; } = [];
        public List<string> Resources { get; set; } = [];
        public List<string> Components { get; set; } = [];
        public List<KustomizePatch> Patches { get; set; } = [];
        public List<ImageEntry> Images { get; set; } = [];
    }

    public sealed class LabelEntry
    {
        public Dictionary<string, string> Pairs { get; set; } = [];
    }

    public sealed class KustomizePatch
    {
        public string? Path { get; set; }
        public string? Patch { get; set; }
        public PatchTarget? Target { get; set; }
    }

    public sealed class PatchTarget
    {
        public string? Kind { get; set; }
        public string? Name { get; set; }
    }

    public sealed class ImageEntry
    {
        public string Name { get; set; } = "";
        public string? NewName { get; set; }
        public string? NewTag { get; set; }
    }
}
