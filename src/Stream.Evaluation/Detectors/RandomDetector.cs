using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>The random reference: a uniform score in [0, 1) per window, a deterministic hash of seed, sensor and window end.</summary>
public sealed class RandomDetector : IDetector
{
    public string Name => "random";

    public FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings)
    {
        var descriptor = new ModelDescriptor(Name, "eval", "random", settings.WindowLength, train[0].ChannelNames);
        return new FittedScorer(new RandomScorer(descriptor, settings.Seed), train);
    }

    private sealed class RandomScorer(ModelDescriptor descriptor, int seed) : IWindowScorer
    {
        public ModelDescriptor Model { get; } = descriptor;

        public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
        {
            var scores = new WindowScore[windows.Count];
            for (var i = 0; i < windows.Count; i++)
            {
                var w = windows[i];
                // string.GetHashCode is randomised per process; a stable hash makes runs repeat exactly.
                var stable = Mix((ulong)(uint)seed ^ StableHash(w.SensorId) ^ (ulong)w.End.UtcTicks);
                var u = (stable >> 11) * (1.0 / (1UL << 53));
                scores[i] = new WindowScore(w, u, new float[w.Channels]);
            }

            return scores;
        }

        public void Dispose()
        {
        }

        private static ulong StableHash(string text)
        {
            ulong h = 14695981039346656037;
            foreach (var ch in text)
            {
                h = (h ^ ch) * 1099511628211;
            }

            return h;
        }

        /// <summary>SplitMix64's finaliser: spreads nearby inputs (consecutive timestamps) over the whole range.</summary>
        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
