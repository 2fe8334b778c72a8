using System.Text.Json;
using System.Text.Json.Nodes;
using StreamAE.Models.Bundles;

namespace StreamAE.Models.Arp;

/// <summary>How an AR(p) model is stored in a bundle's manifest parameters.</summary>
public static class ArpBundle
{
    public const string Kind = "arp";

    public static JsonObject WriteParameters(ArpModel model) => new()
    {
        ["order"] = model.Order,
        ["coefficients"] = JsonSerializer.SerializeToNode(model.Coefficients, ModelBundle.Json),
        ["residualVariance"] = JsonSerializer.SerializeToNode(model.ResidualVariance, ModelBundle.Json),
    };

    public static ArpModel ReadParameters(ModelBundle bundle)
    {
        var order = ModelBundleLoader.Parameter<int>(bundle, "order");
        var coefficients = ModelBundleLoader.Parameter<double[][]>(bundle, "coefficients");
        var variance = ModelBundleLoader.Parameter<double[]>(bundle, "residualVariance");
        var channels = bundle.Manifest.Channels.Count;
        if (order < 1 || order >= bundle.Manifest.WindowLength)
        {
            throw new ModelBundleException(bundle.Directory, $"parameters.order {order} must be between 1 and windowLength − 1 ({bundle.Manifest.WindowLength - 1}).");
        }

        if (coefficients.Length != channels || coefficients.Any(a => a.Length != order) || variance.Length != channels)
        {
            throw new ModelBundleException(bundle.Directory, $"parameters: expected {channels} channel(s) of {order} coefficients and {channels} residual variances.");
        }

        return new ArpModel(order, coefficients, variance);
    }
}
