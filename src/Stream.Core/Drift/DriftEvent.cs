using System.Security.Cryptography;
using System.Text;
using StreamAE.Core.Domain;

namespace StreamAE.Core.Drift;

/// <summary>
/// A drift event: the model in service no longer fits one sensor. Written where alerts go (with <see cref="Type"/>
/// "drift" so consumers tell it from an alert), once per sensor, test and model version. The id is deterministic
/// (sensor + test + detecting window end + model version), like an alert's, so a replay emits the same id.
/// </summary>
public sealed record DriftEvent
{
    public string Type => "drift";

    public required string Id { get; init; }

    public required string SensorId { get; init; }

    public required DriftStatistic Statistic { get; init; }

    /// <summary>The test's value when it fired: the Page-Hinkley sum, or the smoothed input RMS in training standard deviations.</summary>
    public required double Value { get; init; }

    /// <summary>The limit it crossed (Drift:ScoreLimit or Drift:InputLimit).</summary>
    public required double Limit { get; init; }

    /// <summary>Input check: the channel furthest from its training range, and its smoothed mean in training standard deviations (signed).</summary>
    public string? Channel { get; init; }

    public double? Level { get; init; }

    /// <summary>Estimated start of the change: the window where the test's current excursion began.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>End of the window at which the test fired.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>Windows of this sensor the test had seen under this model when it fired.</summary>
    public required long Windows { get; init; }

    public required string ModelName { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>Source position of the last reading of the detecting window, when known.</summary>
    public SourcePosition? Position { get; init; }

    public static string MakeId(string sensorId, DriftStatistic statistic, DateTimeOffset detectedAt, string modelVersion)
    {
        var key = $"drift\u001f{sensorId}\u001f{statistic}\u001f{detectedAt.UtcTicks}\u001f{modelVersion}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash[..12]);
    }
}
