using System.Security.Cryptography;
using System.Text;

namespace StreamAE.Core.Domain;

/// <summary>
/// An alert event: an anomaly episode opening (State = Open) or closing (State = Closed).
/// The id is deterministic (sensor + window end + model version), so a replayed alert is recognisably the same alert.
/// </summary>
public sealed record Alert
{
    public required string Id { get; init; }

    /// <summary>Id of the Open alert of this episode (equal to <see cref="Id"/> for the Open event).</summary>
    public required string EpisodeId { get; init; }

    public required string SensorId { get; init; }

    public required EpisodeState State { get; init; }

    public required DateTimeOffset EpisodeStart { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>The compared value of the window that produced this event: its calibrated value, or its raw score when calibration is off.</summary>
    public required double Score { get; init; }

    /// <summary>Highest compared value seen in the episode so far.</summary>
    public required double PeakScore { get; init; }

    /// <summary>What <see cref="Score"/> was compared with: the calibration's alert level, or the model's threshold when calibration is off.</summary>
    public required double Threshold { get; init; }

    /// <summary>The model's raw score of the window that produced this event (null when not known).</summary>
    public double? RawScore { get; init; }

    /// <summary>Which calibration produced <see cref="Score"/>: <c>none</c> (raw score), <c>likelihood</c> or <c>dynamicThreshold</c>.</summary>
    public string Calibration { get; init; } = "none";

    /// <summary>Anomalous windows in the episode so far.</summary>
    public required int AnomalousWindows { get; init; }

    /// <summary>The channels that contributed most to the score of the episode's peak window.</summary>
    public required IReadOnlyList<ChannelContribution> TopChannels { get; init; }

    public required string ModelName { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>
    /// The score of this window or of the episode's peak overflowed the model and was capped (see
    /// <see cref="Scoring.ScoreGuard"/>): the readings were far outside anything the model knows. Omitted from JSON when false.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ScoreCapped { get; init; }

    /// <summary>Source position of the last reading of the window that produced this event, when known.</summary>
    public SourcePosition? Position { get; init; }

    public static string MakeId(string sensorId, DateTimeOffset windowEnd, string modelVersion)
    {
        var key = $"{sensorId}\u001f{windowEnd.UtcTicks}\u001f{modelVersion}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash[..12]);
    }
}
