using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>
/// The rolling z-score reference: each window's last reading against the mean and standard deviation of the readings
/// before it in the window, per channel; the window score is the mean of the squared z-scores over channels.
/// Nothing is fitted; the training rows only set the threshold.
/// </summary>
public sealed class ZScoreDetector : IDetector
{
    public string Name => "zscore";

    public FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings)
    {
        var descriptor = new ModelDescriptor(Name, "eval", "zscore", settings.ZScoreWindow, train[0].ChannelNames);
        return new FittedScorer(new RollingZScorer(descriptor), train);
    }

    internal sealed class RollingZScorer(ModelDescriptor descriptor) : IWindowScorer
    {
        /// <summary>Floor on the standard deviation: a flat stretch must not turn the next tiny change into an infinite score.</summary>
        private const double MinStd = 1e-3;

        public ModelDescriptor Model { get; } = descriptor;

        public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
        {
            var scores = new WindowScore[windows.Count];
            for (var w = 0; w < windows.Count; w++)
            {
                var window = windows[w];
                var errors = new float[window.Channels];
                double total = 0;
                var past = window.Length - 1;
                for (var c = 0; c < window.Channels; c++)
                {
                    double sum = 0, sumSq = 0;
                    for (var t = 0; t < past; t++)
                    {
                        double v = window[t, c];
                        sum += v;
                        sumSq += v * v;
                    }

                    var mean = sum / past;
                    var std = Math.Sqrt(Math.Max(0, (sumSq / past) - (mean * mean)));
                    var scale = Math.Max(std, MinStd * Math.Max(1, Math.Abs(mean)));
                    var z = (window[past, c] - mean) / scale;
                    errors[c] = (float)(z * z);
                    total += z * z;
                }

                scores[w] = new WindowScore(window, total / window.Channels, errors);
            }

            return scores;
        }

        public void Dispose()
        {
        }
    }
}
