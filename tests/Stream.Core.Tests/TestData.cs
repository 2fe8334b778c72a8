using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Reading Reading(string sensor, int minute, params float[] values) =>
        new(sensor, T0.AddMinutes(minute), values.Length == 0 ? [minute] : values);

    public static ModelDescriptor Model(int windowLength = 4, int channels = 1) =>
        new("test-model", "v1", "test", windowLength, Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray());

    public static WindowScore Score(string sensor, int endMinute, double score, params float[] channelErrors) =>
        new(new SensorWindow(sensor, T0.AddMinutes(endMinute - 3), T0.AddMinutes(endMinute), 4, 1, new float[4]), score, channelErrors.Length == 0 ? [(float)score] : channelErrors);
}

/// <summary>A scorer for pipeline tests: the score is the window's largest absolute value, per channel likewise.</summary>
internal sealed class MaxAbsScorer(ModelDescriptor model) : IWindowScorer
{
    public List<int> BatchSizes { get; } = [];

    public ModelDescriptor Model { get; } = model;

    public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
    {
        BatchSizes.Add(windows.Count);
        return windows.Select(w =>
        {
            var errors = new float[w.Channels];
            for (var t = 0; t < w.Length; t++)
            {
                for (var c = 0; c < w.Channels; c++)
                {
                    errors[c] = Math.Max(errors[c], Math.Abs(w[t, c]));
                }
            }

            return new WindowScore(w, errors.Max(), errors);
        }).ToArray();
    }

    public void Dispose()
    {
    }
}
