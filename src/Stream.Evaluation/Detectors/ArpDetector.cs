using StreamAE.Core.Domain;
using StreamAE.Models.Arp;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>The AR(p) baseline: coefficients fitted on the first part of the training rows, the rest calibrates the threshold.</summary>
public sealed class ArpDetector : IDetector
{
    public string Name => "arp";

    public FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings)
    {
        var (fit, calibration) = TrainingSplit.Split(train, settings.ValidationFraction, settings.WindowLength);
        var normalization = Normalization.Fit(fit);
        var model = ArpFitter.Fit(fit, normalization, settings.Order);
        var descriptor = new ModelDescriptor(Name, "eval", ArpBundle.Kind, settings.WindowLength, train[0].ChannelNames);
        return new FittedScorer(new ArpScorer(descriptor, model, normalization), calibration);
    }
}
