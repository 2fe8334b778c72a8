using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamAE.Host.Commands;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary>Invalid configuration stops the host at start (ValidateOnStart) with a message naming the setting.</summary>
[Collection(HostCollection.Name)]
public sealed class ConfigurationTests
{
    private static async Task<string> StartFailure(params string[] args)
    {
        using var host = DetectorHostBuilder.Create(args, new RunOutput(TextWriter.Null)).Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        return ex.Message;
    }

    [Theory]
    [InlineData("--Limits:MaxSensors=0", "Limits:MaxSensors must be between 1 and")]
    [InlineData("--Sinks:PlotMaxSensors=0", "Sinks:PlotMaxSensors must be between 1 and 10000, is 0")]
    [InlineData("--Limits:MaxChannels=100000", "Limits:MaxChannels must be between 1 and 65536")]
    [InlineData("--Limits:MaxMessageBytes=10", "Limits:MaxMessageBytes must be between 64 and")]
    [InlineData("--Http:Port=70000", "Http:Port must be between 0 and 65535, is 70000")]
    [InlineData("--Model:PollInterval=00:00:00", "Model:PollInterval must be at least 10 ms")]
    [InlineData("--Model:SmokeWindows=0", "Model:SmokeWindows must be between 1 and 256, is 0")]
    [InlineData("--Model:Onnx:ScoredSteps=-1", "Model:Onnx:ScoredSteps must be 0 (all window steps) or more, is -1")]
    [InlineData("--Health:MaxLag=-1", "Health:MaxLag must be 0 or more, is -1")]
    [InlineData("--Kafka:SessionTimeoutMs=5", "Kafka:SessionTimeoutMs must be between 1000 and 3600000")]
    [InlineData("--Kafka:InputTopic=", "Kafka:InputTopic is required")]
    [InlineData("--Pipeline:MaxBatchWait=00:00:00", "Pipeline:MaxBatchWait must be between")]
    [InlineData("--Health:LivenessTimeout=00:00:01", "Health:LivenessTimeout must be at least 2 seconds")]
    [InlineData("--Telemetry:OtlpEndpoint=collector:4317", "Telemetry:OtlpEndpoint must be an absolute http(s) URI, is 'collector:4317'")]
    [InlineData("--Episodes:CooldownWindows=0", "Episodes:CooldownWindows must be between 1 and 100000")]
    [InlineData("--Pipeline:Hop=0", "Pipeline:Hop must be between 1 and 4096")]
    [InlineData("--Drift:ScoreSlack=0.95", "Drift:ScoreSlack must be between")]
    [InlineData("--Drift:InputLimit=1", "Drift:InputLimit must be between")]
    [InlineData("--Drift:InputSmoothing=0", "Drift:InputSmoothing must be between")]
    [InlineData("--Calibration:AlertLevel=1.5", "Calibration:AlertLevel must be between 0 and 1 (exclusive), is 1.5")]
    [InlineData("--Calibration:Likelihood:HistoryWindows=10", "Calibration:Likelihood:HistoryWindows must be between ReestimationPeriod and")]
    [InlineData("--Calibration:DynamicThreshold:PruneRatio=2", "Calibration:DynamicThreshold:PruneRatio must be in [0, 1), is 2")]
    [InlineData("--Model:OnlineArp:Forgetting=0.5", "Model:OnlineArp:Forgetting must be in (0.9, 1], is 0.5")]
    public async Task A_bad_setting_stops_the_host_at_start_naming_it(string setting, string message) =>
        Assert.Contains(message, await StartFailure(setting));

    [Fact]
    public async Task Drift_events_may_not_go_to_the_input_topic() =>
        Assert.Contains("Drift:Topic (readings) must not be Kafka:InputTopic", await StartFailure("--Source:Type=Kafka", "--Drift:Topic=readings"));

    [Fact]
    public async Task Every_bad_setting_is_reported_at_once_not_one_per_attempt()
    {
        var message = await StartFailure("--Model:SmokeWindows=0", "--Model:Debounce=-00:00:01");
        Assert.Contains("Model:SmokeWindows", message);
        Assert.Contains("Model:Debounce", message);
    }

    [Fact]
    public async Task The_run_command_exits_with_code_3_on_invalid_configuration()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(3, await RunCommand.RunAsync(["--Limits:MaxSensors=-5"], TestContext.Current.CancellationToken));
        }
        finally
        {
            Console.SetError(original);
        }

        var text = error.ToString();
        Assert.Contains("Invalid configuration: ", text);
        Assert.Contains("Limits:MaxSensors must be between 1 and 10000000", text);
    }

    [Fact]
    public async Task Bad_settings_in_several_sections_are_all_named_and_the_exit_code_is_3()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(3, await RunCommand.RunAsync(["--Http:Port=-1", "--Health:MaxLag=-2"], TestContext.Current.CancellationToken));
        }
        finally
        {
            Console.SetError(original);
        }

        var text = error.ToString();
        Assert.Contains("Http:Port must be between 0 and 65535, is -1", text);
        Assert.Contains("Health:MaxLag must be 0 or more, is -2", text);
    }

    [Fact]
    public async Task The_http_endpoints_are_off_by_default_so_the_plain_run_stays_a_console_run()
    {
        var builder = DetectorHostBuilder.Create([], new RunOutput(TextWriter.Null));
        Assert.False(builder.ServesHttp);
        Assert.True(DetectorHostBuilder.Create(["--Http:Enabled=true", "--Http:Port=0"], new RunOutput(TextWriter.Null)).ServesHttp);
        await Task.CompletedTask;
    }
}
