using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using StreamAE.Host.Running;
using StreamAE.Models.Arp;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;

namespace StreamAE.Host.Tests;

/// <summary>Tiny synthetic series, CSV files and AR(p) bundles trained in the test: fast and deterministic.</summary>
internal static class TestData
{
    public const int WindowLength = 16;

    /// <summary>Runs the host as the README's run command does, in process, to its end; returns its output and exit code.</summary>
    public static async Task<(RunOutput Output, string Text)> RunHostAsync(params string[] args)
    {
        var writer = new StringWriter();
        var output = new RunOutput(writer);
        using var host = DetectorHostBuilder.Create(args, output).Build();
        await host.RunAsync(TestContext.Current.CancellationToken);
        return (output, writer.ToString());
    }

    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An AR(1) series (φ = 0.8) with a spike of +<paramref name="spike"/> every <paramref name="spikeEvery"/> rows (0: none).</summary>
    public static float[] Series(int length, int seed, int spikeEvery = 0, float spike = 25)
    {
        var random = new Random(seed);
        var values = new float[length];
        double y = 0;
        for (var t = 0; t < length; t++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            y = (0.8 * y) + gaussian;
            values[t] = (float)(50 + y + (spikeEvery > 0 && t % spikeEvery == spikeEvery / 2 ? spike : 0));
        }

        return values;
    }

    /// <summary>A NAB-layout CSV (timestamp,value), one row per second.</summary>
    public static string WriteCsv(string path, float[] values)
    {
        var text = new StringBuilder("timestamp,value\n");
        for (var t = 0; t < values.Length; t++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{T0.AddSeconds(t):yyyy-MM-dd HH:mm:ss},{values[t]}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>A CSV with a sensor column, the sensors' readings interleaved row by row.</summary>
    public static string WriteMultiSensorCsv(string path, int sensors, int rowsPerSensor)
    {
        var text = new StringBuilder("timestamp,sensor,value\n");
        for (var t = 0; t < rowsPerSensor; t++)
        {
            for (var s = 0; s < sensors; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{T0.AddSeconds(t):yyyy-MM-dd HH:mm:ss},s{s},{50 + Math.Sin(t + s)}\n");
            }
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Trains an AR(2) bundle on a clean series; different seeds give different versions.</summary>
    public static ModelBundle TrainBundle(string directory, int seed, string name = "arp-test")
    {
        var values = Series(600, seed);
        var series = new TrainingSeries("train", ["value"], values, Enumerable.Range(0, values.Length).Select(i => T0.AddSeconds(i)).ToArray());
        return ArpTrainer.Train([series], new ArpTrainer.Options(Order: 2, WindowLength: WindowLength, Name: name), directory, $"synthetic seed {seed}");
    }

    /// <summary>Points a model directory's <c>current</c> file at a bundle, atomically (write, then rename over).</summary>
    public static void Deploy(string modelsDirectory, string bundleName)
    {
        var temporary = Path.Combine(modelsDirectory, $".current-{Guid.NewGuid():N}");
        File.WriteAllText(temporary, bundleName);
        File.Move(temporary, Path.Combine(modelsDirectory, "current"), overwrite: true);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes (no fixed sleeps in timing asserts).</summary>
    public static async Task WaitUntil(Func<bool> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutSeconds}s waiting for: {what}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static async Task WaitUntil(Func<Task<bool>> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutSeconds}s waiting for: {what}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
