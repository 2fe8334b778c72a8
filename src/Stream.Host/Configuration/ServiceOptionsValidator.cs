using Microsoft.Extensions.Options;
using StreamAE.Core.Calibration;

namespace StreamAE.Host.Configuration;

/// <summary>Checks the service settings (Model, Calibration, Http, Health, Telemetry, Sinks) at start; every message names the setting and what is wrong.</summary>
public sealed class ServiceOptionsValidator :
    IValidateOptions<ModelOptions>,
    IValidateOptions<SinkOptions>,
    IValidateOptions<HttpOptions>,
    IValidateOptions<HealthOptions>,
    IValidateOptions<TelemetryOptions>,
    IValidateOptions<CalibrationOptions>
{
    public ValidateOptionsResult Validate(string? name, CalibrationOptions options) => Result([.. options.Problems()]);

    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add("Model:Path is required.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(10))
        {
            failures.Add($"Model:PollInterval must be at least 10 ms, is {options.PollInterval}.");
        }

        if (options.Debounce < TimeSpan.Zero || options.Debounce > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Model:Debounce must be between 0 and 5 minutes, is {options.Debounce}.");
        }

        if (options.SmokeWindows is < 1 or > 256)
        {
            failures.Add($"Model:SmokeWindows must be between 1 and 256, is {options.SmokeWindows}.");
        }

        // Only a check: a bundle is always scored with its manifest's scoredSteps (a different value is refused at load).
        if (options.Onnx.ScoredSteps < 0)
        {
            failures.Add($"Model:Onnx:ScoredSteps must be 0 (all window steps) or more, is {options.Onnx.ScoredSteps}; leave it unset to use the bundle's.");
        }

        failures.AddRange(options.OnlineArp.Problems("Model:OnlineArp"));
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, SinkOptions options) =>
        options.PlotMaxSensors is < 1 or > 10_000
            ? ValidateOptionsResult.Fail($"Sinks:PlotMaxSensors must be between 1 and 10000, is {options.PlotMaxSensors}.")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, HttpOptions options) =>
        options.Port is < 0 or > 65_535
            ? ValidateOptionsResult.Fail($"Http:Port must be between 0 and 65535, is {options.Port}.")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var failures = new List<string>();
        if (options.LivenessTimeout < TimeSpan.FromSeconds(2))
        {
            failures.Add($"Health:LivenessTimeout must be at least 2 seconds (the idle loop beats every second), is {options.LivenessTimeout}.");
        }

        if (options.MaxLag < 0)
        {
            failures.Add($"Health:MaxLag must be 0 or more, is {options.MaxLag}.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        options.OtlpEndpoint is { Length: > 0 } endpoint && !IsHttpUri(endpoint)
            ? ValidateOptionsResult.Fail($"Telemetry:OtlpEndpoint must be an absolute http(s) URI, is '{endpoint}'.")
            : ValidateOptionsResult.Success;

    public static bool IsHttpUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
