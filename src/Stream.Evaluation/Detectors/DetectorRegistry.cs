namespace StreamAE.Evaluation.Detectors;

/// <summary>The detectors <c>evaluate</c> knows, by name. Model detectors (autoencoders) are added by the host.</summary>
public sealed class DetectorRegistry
{
    private readonly Dictionary<string, IDetector> _detectors = new(StringComparer.OrdinalIgnoreCase);

    public static DetectorRegistry CreateDefault()
    {
        var registry = new DetectorRegistry();
        registry.Add(new ArpDetector());
        registry.Add(new ArpDetector(online: true));
        registry.Add(new ZScoreDetector());
        registry.Add(new RandomDetector());
        return registry;
    }

    public IEnumerable<string> Names => _detectors.Keys;

    public void Add(IDetector detector) => _detectors[detector.Name] = detector;

    public IDetector Get(string name) =>
        _detectors.TryGetValue(name, out var d)
            ? d
            : throw new ArgumentException($"Unknown detector '{name}'. Known: {string.Join(", ", _detectors.Keys)}.", nameof(name));
}
