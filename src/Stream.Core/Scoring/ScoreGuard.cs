using Microsoft.Extensions.Logging;
using StreamAE.Core.Domain;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;

namespace StreamAE.Core.Scoring;

/// <summary>
/// The one check every scorer's output passes before thresholds, episodes and sinks see it. A finite reading can
/// still overflow a model (a value of 1e20 squares past float's range; an autoencoder can answer ∞ − ∞ = NaN), and a
/// score that is not a finite number cannot be compared with a threshold or written as JSON. Such a score — NaN, ±∞, or
/// anything above <see cref="MaxScore"/>, and likewise a channel error — is replaced by <see cref="MaxScore"/> and the
/// window flagged <see cref="WindowScore.Capped"/>: it is anomalous (the model could not reproduce it at all), counted,
/// and logged (sampled), and everything after this point only ever sees finite numbers.
/// </summary>
public sealed partial class ScoreGuard(PipelineCounters counters, StreamAeMetrics? metrics, ILogger logger)
{
    /// <summary>The largest score the service reports (a residual about a million training standard deviations out).</summary>
    public const double MaxScore = 1e12;

    /// <summary>The scores, with every one that is not a finite number in [-MaxScore, MaxScore] capped; the same list when none is.</summary>
    public IReadOnlyList<WindowScore> Apply(IReadOnlyList<WindowScore> scores, ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(model);
        WindowScore[]? checkedScores = null;
        for (var i = 0; i < scores.Count; i++)
        {
            var score = scores[i];
            if (IsSound(score))
            {
                continue;
            }

            checkedScores ??= [.. scores];
            checkedScores[i] = Cap(score);
            counters.AddCappedScore();
            metrics?.ScoreCapped(model);
            var count = counters.ScoresCapped;
            if (LogSampling.ShouldLog(count))
            {
                LogCapped(logger, SensorIdDisplay.Shorten(score.Window.SensorId), score.Window.End, Describe(score.Score), model.Name, model.Version, MaxScore, count);
            }
        }

        return checkedScores ?? scores;
    }

    /// <summary>True when the score and every channel error are finite and within ±<see cref="MaxScore"/>.</summary>
    public static bool IsSound(WindowScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (!Within(score.Score))
        {
            return false;
        }

        foreach (var error in score.ChannelErrors)
        {
            if (!Within(error))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Within(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxScore;

    private static WindowScore Cap(WindowScore score)
    {
        var errors = new float[score.ChannelErrors.Length];
        for (var c = 0; c < errors.Length; c++)
        {
            var e = score.ChannelErrors[c];
            errors[c] = Within(e) ? e : (float)MaxScore;
        }

        return score with { Score = MaxScore, ChannelErrors = errors, Capped = true };
    }

    private static string Describe(double score) =>
        double.IsNaN(score) ? "NaN" : double.IsInfinity(score) ? (score > 0 ? "+∞" : "-∞") : score.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window of sensor {Sensor} ending {End:O} overflowed model {Model} {Version} (score {Score}): scored as {MaxScore:G} (capped) and anomalous ({Count} capped so far)")]
    private static partial void LogCapped(ILogger logger, string sensor, DateTimeOffset end, string score, string model, string version, double maxScore, long count);
}
