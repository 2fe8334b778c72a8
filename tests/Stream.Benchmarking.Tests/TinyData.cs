using StreamAE.Models.Data;
using StreamAE.Models.Training.Networks;

namespace StreamAE.Benchmarking.Tests;

/// <summary>Tiny inputs so that each measurement runs in milliseconds.</summary>
internal static class TinyData
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A noisy sine.</summary>
    public static TrainingSeries Sine(int length, int seed = 3)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)(Math.Sin(i * 2 * Math.PI / 50) + (0.1 * ((random.NextDouble() * 2) - 1)));
        }

        return new TrainingSeries("s", ["value"], values, Enumerable.Range(0, length).Select(i => T0.AddMinutes(5 * i)).ToArray());
    }

    /// <summary>A network of the given kind small enough to train a step in milliseconds.</summary>
    public static AutoencoderHyperParameters Network(string kind) => new()
    {
        Kind = kind,
        WindowLength = 12,
        Channels = 0,
        Hidden = 8,
        Latent = 3,
        DModel = 8,
        Heads = 2,
        Layers = 1,
        FeedForward = 16,
        Dropout = 0.1,
        MemoryTokens = 2,
    };
}
