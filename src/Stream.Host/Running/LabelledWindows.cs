using System.Globalization;
using System.Text.Json;

namespace StreamAE.Host.Running;

/// <summary>Known anomaly windows per sensor, read from NAB's combined_windows.json layout (keys: file paths; the sensor is the file name).</summary>
public sealed class LabelledWindows(IReadOnlyDictionary<string, IReadOnlyList<LabelledWindow>> bySensor)
{
    public IReadOnlyList<LabelledWindow> For(string sensorId) =>
        bySensor.TryGetValue(sensorId, out var windows) ? windows : [];

    public IEnumerable<string> Sensors => bySensor.Keys;

    public static LabelledWindows Load(string path)
    {
        using var stream = File.OpenRead(path);
        var raw = JsonSerializer.Deserialize<Dictionary<string, string[][]>>(stream)
            ?? throw new InvalidDataException($"{path}: empty labels file.");
        var result = new Dictionary<string, IReadOnlyList<LabelledWindow>>(StringComparer.Ordinal);
        foreach (var (key, windows) in raw)
        {
            result[Path.GetFileNameWithoutExtension(key)] = windows
                .Select(w => new LabelledWindow(ParseTime(path, w[0]), ParseTime(path, w[1])))
                .ToArray();
        }

        return new LabelledWindows(result);
    }

    private static DateTimeOffset ParseTime(string path, string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new InvalidDataException($"{path}: '{text}' is not a timestamp.");
}

public sealed record LabelledWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset t) => t >= Start && t <= End;
}
