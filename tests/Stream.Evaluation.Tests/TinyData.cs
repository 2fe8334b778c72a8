using System.Globalization;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Tests;

internal static class TinyData
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A noisy sine with a spike of <paramref name="spike"/> at <paramref name="spikeRow"/> (none if negative).</summary>
    public static TrainingSeries Sine(int length, int spikeRow = -1, float spike = 8f, int seed = 3, string sensor = "s")
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)(Math.Sin(i * 2 * Math.PI / 50) + (0.1 * ((random.NextDouble() * 2) - 1)));
        }

        if (spikeRow >= 0)
        {
            values[spikeRow] += spike;
        }

        return new TrainingSeries(sensor, ["value"], values, Enumerable.Range(0, length).Select(i => T0.AddMinutes(5 * i)).ToArray());
    }

    public static string Temp(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "streamae-eval-tests", Guid.NewGuid().ToString("N"), name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a NAB-layout corpus with one file from <paramref name="series"/> and windows given as row ranges.</summary>
    public static string NabCorpus(TrainingSeries series, string category, params (int Start, int End)[] windows)
    {
        var root = Temp("nab");
        Directory.CreateDirectory(Path.Combine(root, "data", category));
        Directory.CreateDirectory(Path.Combine(root, "labels"));
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < series.Length; i++)
        {
            lines.Add($"{series.Timestamps[i]:yyyy-MM-dd HH:mm:ss},{series.Values[i].ToString(CultureInfo.InvariantCulture)}");
        }

        File.WriteAllLines(Path.Combine(root, "data", category, series.SensorId + ".csv"), lines);
        string Time(int row) => series.Timestamps[row].ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var json = $"{{\"{category}/{series.SensorId}.csv\": [{string.Join(",", windows.Select(w => $"[\"{Time(w.Start)}\", \"{Time(w.End)}\"]"))}]}}";
        File.WriteAllText(Path.Combine(root, "labels", "combined_windows.json"), json);
        return root;
    }
}
