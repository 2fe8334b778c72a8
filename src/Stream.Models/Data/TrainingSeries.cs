using System.Security.Cryptography;
using StreamAE.Core.Domain;

namespace StreamAE.Models.Data;

/// <summary>One sensor's training rows (Length × Channels, row-major) with their timestamps.</summary>
public sealed class TrainingSeries(string sensorId, IReadOnlyList<string> channelNames, float[] values, DateTimeOffset[] timestamps)
{
    public string SensorId { get; } = sensorId;

    public IReadOnlyList<string> ChannelNames { get; } = channelNames;

    public int Channels => ChannelNames.Count;

    public int Length => Timestamps.Length;

    public float[] Values { get; } = values;

    public DateTimeOffset[] Timestamps { get; } = timestamps;

    public float this[int t, int c] => Values[(t * Channels) + c];

    public static TrainingSeries FromReadings(string sensorId, IReadOnlyList<string> channelNames, IReadOnlyList<Reading> readings)
    {
        var channels = channelNames.Count;
        var values = new float[readings.Count * channels];
        var timestamps = new DateTimeOffset[readings.Count];
        for (var i = 0; i < readings.Count; i++)
        {
            readings[i].Values.CopyTo(values, i * channels);
            timestamps[i] = readings[i].Timestamp;
        }

        return new TrainingSeries(sensorId, channelNames, values, timestamps);
    }

    /// <summary>The first <paramref name="rows"/> rows (e.g. a training prefix, or a split with no look-ahead).</summary>
    public TrainingSeries Slice(int start, int rows) =>
        new(SensorId, ChannelNames, Values.AsSpan(start * Channels, rows * Channels).ToArray(), Timestamps.AsSpan(start, rows).ToArray());

    /// <summary>Sliding windows over the series, as the pipeline would form them.</summary>
    public IEnumerable<SensorWindow> Windows(int windowLength, int hop)
    {
        for (var end = windowLength; end <= Length; end += hop)
        {
            var start = end - windowLength;
            yield return new SensorWindow(SensorId, Timestamps[start], Timestamps[end - 1], windowLength, Channels, Values.AsSpan(start * Channels, windowLength * Channels).ToArray());
        }
    }

    /// <summary>A fingerprint of the training data, stored in the model manifest.</summary>
    public static string Fingerprint(IEnumerable<TrainingSeries> series)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var s in series)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(s.SensorId));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.Values.AsSpan()));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
