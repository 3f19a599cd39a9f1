using DatasetDecode;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Specs;

// Users' own data (issue 24): how long an image folder takes at submission, to decode once on a node,
// to load from the node's decoded cache, and per trial after that; beside the built-in IDX loader.
// Usage: dotnet run -c Release --project bench/DatasetDecode -- [--images 60000] [--trials 20] [--work DIR] [--keep]
var images = 60_000;
var trials = 20;
string? workOption = null;
var keep = false;
for (var a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--images": images = int.Parse(args[++a]); break;
        case "--trials": trials = int.Parse(args[++a]); break;
        case "--work": workOption = args[++a]; break;
        case "--keep": keep = true; break;
        default: throw new ArgumentException($"Unknown argument '{args[a]}'; expected --images N, --trials N, --work DIR, --keep.");
    }
}
if (workOption is not null && Directory.Exists(workOption) && Directory.EnumerateFileSystemEntries(workOption).Any())
    throw new ArgumentException($"{workOption} is not empty; give a new or empty folder (it is deleted at the end unless --keep).");
var work = workOption is null ? Directory.CreateTempSubdirectory("dataset-decode-").FullName : Directory.CreateDirectory(workOption).FullName;
var report = new Report();
var loadBefore = Machine.Load();
Console.WriteLine($"# Decoding an image folder once (issue 24): {Machine.Describe()}; load average before: {loadBefore}; work folder {work}");

// e, cold: the built-in loader, the first thing this process does (so it pays JIT too); its images are written as PNG next.
var (idx, idxCold) = Report.Time(() => new FashionMnistSource(FashionMnistSource.DefaultDirectory).Load());
var trainCount = Math.Min(images, idx.Train.Count);
var testCount = Math.Min(idx.Test.Count, (trainCount + 5) / 6);
var total = trainCount + testCount;
report.Add("built-in IDX loader (`FashionMnistSource.Load`), first call in the process", idxCold, Report.PerSecond(idx.Train.Count + idx.Test.Count, idxCold),
    "70,000 images from 4 gzip IDX files, JIT included");

// 1. The image folder: train/<class>/NNNNN.png and test/<class>/NNNNN.png, 8-bit gray.
var root = Path.Combine(work, "png");
IReadOnlyList<string> classes = [.. idx.Train.ClassNames.Select(name => name.Replace('/', '-'))];
var (_, writing) = Report.Time(() =>
{
    PngFolder.Write(idx.Train, trainCount, Path.Combine(root, "train"), classes);
    PngFolder.Write(idx.Test, testCount, Path.Combine(root, "test"), classes);
    return 0;
});
var png = Machine.Size(root);
report.Add("write the PNG folder (SkiaSharp, Gray8; not under test)", writing, Report.PerSecond(total, writing),
    $"{png.Files:N0} files, {Report.MiB(png.Bytes)} of PNG, {Report.MiB(png.OnDisk)} on disk (du)");

string? Folder(string name, string? path) => path;
var spec = new DatasetSpec
{
    Name = "fmnist-png",
    Source = DataSource.ImageFolder,
    Path = root,
    TrainFolder = "train",
    TestFolder = "test",
    Color = ColorMode.Grayscale,
    Classes = classes,
};

// a. Submission: fingerprint (hash every file) and read every image's header. The manifest is kept
// beside the data (and in the cache folder); a second submission from a new resolver reuses its
// hashes for files whose size and time are unchanged.
var submitCache = Path.Combine(work, "cache-submit");
var (resolved, submitFirst) = Report.Time(() => new DatasetResolver(new LocalDatasets(Folder, submitCache)).Resolve(spec, 1));
report.Add("a. submission, first time (`DatasetResolver.Resolve`: scan, hash every file, read every header)", submitFirst, Report.PerSecond(total, submitFirst));
var (again, submitSecond) = Report.Time(() => new DatasetResolver(new LocalDatasets(Folder, submitCache)).Resolve(spec, 1));
if (again.Fingerprint != resolved.Fingerprint)
    throw new InvalidOperationException($"The second submission's fingerprint {again.Fingerprint} differs from the first's {resolved.Fingerprint}.");
var beside = Path.Combine(root, FingerprintStore.BesideSuffix);
report.Add("a. submission again, new resolver, same cache folder (manifest reused by size + time; shape from the cache folder)", submitSecond, Report.PerSecond(total, submitSecond),
    $"manifest beside the data: {Report.MiB(new FileInfo(beside).Length)} of JSON");
Console.WriteLine($"  resolved: size {string.Join('x', resolved.Size ?? [])}, {resolved.Color}, {resolved.Classes?.Count} classes, {resolved.Fingerprint}");

// b. First load on a node: empty decoded cache, so 70,000 PNG files are decoded (in parallel).
var nodeCache = Path.Combine(work, "cache-node");
var node = new LocalDatasets(Folder, nodeCache);
var (first, firstLoad) = Report.Time(() => new DatasetCache(node.Fingerprints).Get(node.Source(resolved), resolved.Fingerprint));
if (!PngFolder.SameImages(first.Train, idx.Train, trainCount) || !PngFolder.SameImages(first.Test, idx.Test, testCount))
    throw new InvalidOperationException("The decoded images differ from the IDX originals.");
var decodedCache = Machine.Size(Path.Combine(nodeCache, "decoded"));
report.Add("b. first load on a node (`DatasetCache.Get`, empty decoded cache: decode every PNG)", firstLoad, Report.PerSecond(total, firstLoad),
    $"pixels equal the IDX originals; decoded cache written: {decodedCache.Files} files, {Report.MiB(decodedCache.Bytes)}");
first = null;

// c. A new process on the same node: a new cache object over the same cache folder reads the decoded file.
var restarted = new LocalDatasets(Folder, nodeCache);
var cache = new DatasetCache(restarted.Fingerprints);
var (loaded, cachedLoad) = Report.Time(() => cache.Get(restarted.Source(resolved), resolved.Fingerprint));
if (!PngFolder.SameImages(loaded.Train, idx.Train, trainCount) || !PngFolder.SameImages(loaded.Test, idx.Test, testCount))
    throw new InvalidOperationException("The images read from the decoded cache differ from the IDX originals.");
report.Add("c. new process on the same node (new `DatasetCache`, same cache folder: decoded file read)", cachedLoad, Report.PerSecond(total, cachedLoad));

// d. Each trial after that: the in-memory cache hit and the trial's own cut of the data (subset, validation split, test).
foreach (var (name, trialSpec) in new[]
{
    ("whole training set, 10% validation, whole test set", resolved),
    ("subset 10,000, 10% validation, test subset 2,000", resolved with { Subset = Math.Min(10_000, trainCount), TestSubset = Math.Min(2_000, testCount) }),
})
{
    TrialData.Split(cache.Get(restarted.Source(trialSpec), trialSpec.Fingerprint), trialSpec, 0); // warm-up
    GC.Collect();
    var contention = Contention.Start();
    var (get, split) = (TimeSpan.Zero, TimeSpan.Zero);
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    for (var t = 1; t <= trials; t++)
    {
        var (parts, getTime) = Report.Time(() => cache.Get(restarted.Source(trialSpec), trialSpec.Fingerprint));
        if (!ReferenceEquals(parts, loaded))
            throw new InvalidOperationException("A trial's Get did not hit the in-memory cache.");
        var (data, splitTime) = Report.Time(() => TrialData.Split(parts, trialSpec, t));
        GC.KeepAlive(data);
        (get, split) = (get + getTime, split + splitTime);
    }
    var perTrial = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / trials;
    report.Add($"d. per trial, {name} (`Get` hit + `TrialData.Split`), mean of {trials}", (get + split) / trials, "",
        $"`Get` {Report.Seconds(get / trials)}, `Split` {Report.Seconds(split / trials)}; {Report.MiB(perTrial)} allocated per trial", contention.OtherCores());
}

// e, warm: the built-in loader again, now that everything is compiled.
var (_, idxWarm) = Report.Time(() => new FashionMnistSource(FashionMnistSource.DefaultDirectory).Load());
report.Add("e. built-in IDX loader again (warm)", idxWarm, Report.PerSecond(idx.Train.Count + idx.Test.Count, idxWarm));

// Where the time of a, b and c goes: the parts, called one by one (after the runs above, so warm).
var breakdown = new Report();
var source = node.Source(spec);
var (files, scanning) = Report.Time(source.Files);
breakdown.Add("scan the folder (`Files()`: two `ImageFolderScan.Scan`s)", scanning, Report.PerSecond(files.Count, scanning, "files"));
File.Delete(beside);
var (_, hashing) = Report.Time(() => new FingerprintStore(Path.Combine(work, "cache-hash-1")).Of(source.Location, files));
breakdown.Add("fingerprint, every file hashed (no manifest anywhere)", hashing, Report.PerSecond(files.Count, hashing, "files"));
var (_, reusing) = Report.Time(() => new FingerprintStore(Path.Combine(work, "cache-hash-2")).Of(source.Location, files));
breakdown.Add("fingerprint, manifest beside the data reused (stat every file)", reusing, Report.PerSecond(files.Count, reusing, "files"));
var (_, probing) = Report.Time(source.Shape);
breakdown.Add("`Shape()`: scan again + read every header (`ImageDecoder.Probe`)", probing, Report.PerSecond(files.Count, probing));
var trainScan = ImageFolderScan.Scan(Path.Combine(root, "train"), classes);
var testScan = ImageFolderScan.Scan(Path.Combine(root, "test"), classes);
var (raw, decoding) = Report.Time(() =>
    (Train: ImageFolderReader.Read(trainScan.Files, 1, 28, 28, resize: true), Test: ImageFolderReader.Read(testScan.Files, 1, 28, 28, resize: true)));
breakdown.Add("decode only (`ImageFolderReader.Read`, train + test)", decoding, Report.PerSecond(total, decoding));
var decodedFiles = Directory.GetFiles(Path.Combine(nodeCache, "decoded"));
var (_, reading) = Report.Time(() => decodedFiles.Sum(f => File.ReadAllBytes(f).LongLength));
breakdown.Add("read the decoded cache files (`File.ReadAllBytes`)", reading, "", Report.MiB(decodedCache.Bytes));
var (_, converting) = Report.Time(() =>
{
    foreach (var (pixels, labels) in new[] { raw.Train, raw.Test })
    {
        var floats = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
            floats[i] = pixels[i] / 255f;
        GC.KeepAlive(new ImageDataset(floats, labels, 1, 28, 28, classes));
    }
    return 0;
});
breakdown.Add("bytes to floats + `ImageDataset` (its checks of every label and pixel)", converting, Report.PerSecond(total, converting));
var (trainPixels, trainLabels) = (loaded.Train.Pixels.ToArray(), loaded.Train.Labels.ToArray());
var (_, checking) = Report.Time(() => new ImageDataset(trainPixels, trainLabels, 1, 28, 28, classes));
breakdown.Add($"`ImageDataset` constructor alone (checks every label and pixel), {trainCount:N0} images", checking, Report.PerSecond(trainCount, checking));
int[] everyImage = [.. Enumerable.Range(0, trainCount)];
var (_, selecting) = Report.Time(() => loaded.Train.Select(everyImage));
breakdown.Add($"`ImageDataset.Select` of all {trainCount:N0} training images (a copy; checked images are not checked again)", selecting, Report.PerSecond(trainCount, selecting));

var loadAfter = Machine.Load();
Console.WriteLine();
Console.WriteLine($"## Results: {trainCount:N0} training + {testCount:N0} test images of 28x28 gray");
Console.WriteLine();
Console.WriteLine($"Machine: {Machine.Describe()}. Load average before / after: {loadBefore} / {loadAfter}.");
Console.WriteLine();
report.Print();
Console.WriteLine();
Console.WriteLine("Where the time goes (each part alone, warm):");
Console.WriteLine();
breakdown.Print();
Console.WriteLine();
Console.WriteLine($"Peak working set of the process: {Report.MiB(Machine.PeakWorkingSet())}.");
if (keep)
{
    Console.WriteLine($"Kept {work}.");
}
else
{
    Directory.Delete(work, recursive: true);
}
