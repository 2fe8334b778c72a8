using System.Globalization;
using System.Text.Json;

namespace StreamAE.Evaluation.Nab;

/// <summary>
/// Reads the NAB corpus as laid out in the NAB repository: <c>data/&lt;category&gt;/*.csv</c> (timestamp,value) and
/// <c>labels/combined_windows.json</c> (per file, windows as [start, end] timestamps, inclusive).
/// </summary>
public static class NabCorpus
{
    public const string WindowsFile = "labels/combined_windows.json";

    /// <summary>Loads every labelled file (in key order), or only those whose key contains one of <paramref name="filters"/>.</summary>
    public static IReadOnlyList<NabSeries> Load(string root, IReadOnlyCollection<string>? filters = null, int? maxFiles = null)
    {
        var labelsPath = Path.Combine(root, WindowsFile);
        if (!File.Exists(labelsPath))
        {
            throw new FileNotFoundException($"NAB labels not found: {labelsPath} (expected the NAB layout: data/<category>/*.csv and {WindowsFile}).", labelsPath);
        }

        Dictionary<string, string[][]> labels;
        using (var stream = File.OpenRead(labelsPath))
        {
            labels = JsonSerializer.Deserialize<Dictionary<string, string[][]>>(stream)
                ?? throw new InvalidDataException($"{labelsPath}: empty labels file.");
        }

        var keys = labels.Keys.Order(StringComparer.Ordinal)
            .Where(k => filters is null || filters.Count == 0 || filters.Any(f => k.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .Take(maxFiles ?? int.MaxValue)
            .ToList();
        var result = new List<NabSeries>(keys.Count);
        foreach (var key in keys)
        {
            var path = Path.Combine(root, "data", key);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{labelsPath} names {key}, but {path} does not exist.", path);
            }

            result.Add(LoadFile(path, key, labels[key]));
        }

        return result;
    }

    public static NabSeries LoadFile(string path, string key, IReadOnlyList<string[]> windowTimes)
    {
        var timestamps = new List<DateTimeOffset>();
        var values = new List<float>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue; // header
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0
                || !TryParseTime(line[..comma], out var t)
                || !float.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'timestamp,value', got '{line}'.");
            }

            timestamps.Add(t);
            values.Add(v);
        }

        var times = timestamps.ToArray();
        var windows = windowTimes.Select(w => ToRows(path, times, w)).ToArray();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return new NabSeries(slash > 0 ? key[..slash] : "", Path.GetFileNameWithoutExtension(key), times, [.. values], windows);
    }

    /// <summary>A window's rows: the first row at or after its start to the last row at or before its end.</summary>
    private static NabWindow ToRows(string path, DateTimeOffset[] times, string[] window)
    {
        if (window.Length != 2 || !TryParseTime(window[0], out var start) || !TryParseTime(window[1], out var end))
        {
            throw new InvalidDataException($"{path}: a labelled window must be [start, end] timestamps; got [{string.Join(", ", window)}].");
        }

        var first = Array.FindIndex(times, t => t >= start);
        var last = Array.FindLastIndex(times, t => t <= end);
        if (first < 0 || last < first)
        {
            throw new InvalidDataException($"{path}: labelled window [{window[0]}, {window[1]}] holds no rows.");
        }

        return new NabWindow(first, last);
    }

    private static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
