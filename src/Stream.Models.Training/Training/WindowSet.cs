using StreamAE.Models.Data;

namespace StreamAE.Models.Training.Training;

/// <summary>Normalised windows [count, T, C] held in one array, cut from series with a hop.</summary>
internal sealed class WindowSet(float[] values, int count, int length, int channels)
{
    public float[] Values { get; } = values;

    public int Count { get; } = count;

    public int Length { get; } = length;

    public int Channels { get; } = channels;

    public int Size => Length * Channels;

    public static WindowSet From(IEnumerable<TrainingSeries> series, Normalization normalization, int length, int hop)
    {
        var windows = new List<float>();
        var count = 0;
        var channels = normalization.Channels;
        foreach (var s in series)
        {
            for (var end = length; end <= s.Length; end += hop)
            {
                for (var t = end - length; t < end; t++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        windows.Add(normalization.Apply(s[t, c], c));
                    }
                }

                count++;
            }
        }

        return new WindowSet([.. windows], count, length, channels);
    }

    /// <summary>Copies the windows at <paramref name="indices"/> into one contiguous batch.</summary>
    public float[] Gather(ReadOnlySpan<int> indices)
    {
        var batch = new float[indices.Length * Size];
        for (var i = 0; i < indices.Length; i++)
        {
            Array.Copy(Values, indices[i] * Size, batch, i * Size, Size);
        }

        return batch;
    }
}
