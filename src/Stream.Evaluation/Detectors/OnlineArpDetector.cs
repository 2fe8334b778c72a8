using StreamAE.Core.Domain;
using StreamAE.Models.Arp;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>
/// The online AR(p): fitted like <see cref="ArpDetector"/>, then scored by <see cref="OnlineArpScorer"/>, which keeps
/// adapting its coefficients per series (recursive least squares, forgetting 0.999) while the series streams.
/// </summary>
public sealed class OnlineArpDetector : IDetector
{
    public string Name => "online-arp";

    public FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings)
    {
        var (fit, calibration) = TrainingSplit.Split(train, settings.ValidationFraction, settings.WindowLength);
        var normalization = Normalization.Fit(fit);
        var model = ArpFitter.Fit(fit, normalization, settings.Order);
        var descriptor = new ModelDescriptor(Name, "eval", ArpBundle.Kind, settings.WindowLength, train[0].ChannelNames);
        return new FittedScorer(new OnlineArpScorer(descriptor, model, normalization, new OnlineArpOptions { Enabled = true }), calibration);
    }
}
