using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Arp;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>
/// The AR(p) baseline: coefficients fitted on the first part of the training rows, the rest calibrates the threshold.
/// <c>online</c>: the online AR(p) (<c>online-arp</c>), fitted the same way, then scored by <see cref="OnlineArpScorer"/>,
/// which keeps adapting its coefficients per series (recursive least squares, forgetting 0.999) while the series streams.
/// </summary>
public sealed class ArpDetector(bool online = false) : IDetector
{
    public string Name => online ? "online-arp" : "arp";

    public FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings)
    {
        var (fit, calibration) = TrainingSplit.Split(train, settings.ValidationFraction, settings.WindowLength);
        var normalization = Normalization.Fit(fit);
        var model = ArpFitter.Fit(fit, normalization, settings.Order);
        var descriptor = new ModelDescriptor(Name, "eval", ArpBundle.Kind, settings.WindowLength, train[0].ChannelNames);
        IWindowScorer scorer = online
            ? new OnlineArpScorer(descriptor, model, normalization, new OnlineArpOptions { Enabled = true })
            : new ArpScorer(descriptor, model, normalization);
        return new FittedScorer(scorer, calibration);
    }
}
