using StreamAE.Models.Data;
using StreamAE.Models.Training.Networks;
using StreamAE.Models.Training.Training;

namespace StreamAE.Models.Training.Tests;

/// <summary>Small deterministic series and tiny networks so that each test trains in about a second.</summary>
internal static class TinyData
{
    public static TrainingSeries Series(int rows = 240, int channels = 2, int seed = 7)
    {
        var random = new Random(seed);
        var values = new float[rows * channels];
        var timestamps = new DateTimeOffset[rows];
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var t = 0; t < rows; t++)
        {
            timestamps[t] = start.AddMinutes(5 * t);
            for (var c = 0; c < channels; c++)
            {
                values[(t * channels) + c] = (float)((10 * (c + 1)) + (3 * Math.Sin((t / 8.0) + c)) + (0.2 * random.NextDouble()));
            }
        }

        return new TrainingSeries("tiny", [.. Enumerable.Range(0, channels).Select(c => $"ch{c}")], values, timestamps);
    }

    public static AutoencoderHyperParameters Network(string kind, int length = 12) => new()
    {
        Kind = kind,
        WindowLength = length,
        Channels = 0, // taken from the data
        Hidden = 8,
        Latent = 3,
        DModel = 8,
        Heads = 2,
        Layers = 1,
        FeedForward = 16,
        Dropout = 0.1,
        MemoryTokens = 2,
    };

    public static AutoencoderTrainingOptions Options(string kind, int epochs = 3) => new()
    {
        Network = Network(kind),
        Epochs = epochs,
        BatchSize = 32,
        Hop = 2,
        Seed = 11,
        Device = "cpu",
    };

    public static float[] RandomWindows(int batch, int length, int channels, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, batch * length * channels).Select(_ => (float)((random.NextDouble() * 4) - 2))];
    }
}
