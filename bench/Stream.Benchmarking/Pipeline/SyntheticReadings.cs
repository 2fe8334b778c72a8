using StreamAE.Core.Domain;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>
/// Deterministic benchmark input: <c>sensors</c> sensors sending <c>rows</c> readings each, interleaved round-robin
/// (as a broker partition would deliver them), one second apart, a noisy sine per channel. Positions number the readings.
/// </summary>
public static class SyntheticReadings
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string SensorName(int sensor) => "sensor-" + sensor.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Reading[] Create(int sensors, int rows, int channels, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sensors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var random = new Random(seed);
        var names = Enumerable.Range(0, sensors).Select(SensorName).ToArray();
        var readings = new Reading[sensors * rows];
        var k = 0;
        for (var t = 0; t < rows; t++)
        {
            var time = Start.AddSeconds(t);
            for (var s = 0; s < sensors; s++)
            {
                var values = new float[channels];
                for (var c = 0; c < channels; c++)
                {
                    values[c] = (float)(Math.Sin((t + (7 * s) + (3 * c)) * 0.1) + (0.05 * random.NextDouble()));
                }

                readings[k] = new Reading(names[s], time, values) { Position = new SourcePosition("bench", -1, k) };
                k++;
            }
        }

        return readings;
    }
}
