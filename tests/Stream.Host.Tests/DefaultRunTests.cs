using Microsoft.Extensions.Options;

namespace StreamAE.Host.Tests;

/// <summary>The README's run command, in process: the bundled sample through the bundled model, with real files.</summary>
public class DefaultRunTests
{
    [Fact]
    public async Task The_default_run_prints_alerts_and_catches_a_labelled_anomaly_window()
    {
        var (output, text) = await TestData.RunHostAsync();
        Assert.Equal(0, output.ExitCode);
        Assert.Contains("ALERT OPEN", text);
        Assert.Contains("=== StreamAE run summary", text);
        Assert.Contains("skipped    OutOfOrder 11, DuplicateTimestamp 1", text); // the sample's real bad lines, counted
        var outcomes = output.LastSummary!.LabelOutcomes();
        Assert.Equal(4, outcomes.Count);
        Assert.Contains(outcomes, o => o.Caught);
    }

    [Fact]
    public async Task Configuration_from_the_command_line_overrides_appsettings()
    {
        var jsonl = Path.Combine(Path.GetTempPath(), $"streamae-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (output, text) = await TestData.RunHostAsync("--Sinks:Console=false", $"--Sinks:JsonlPath={jsonl}", "--Episodes:CooldownWindows=100000");
            Assert.Equal(0, output.ExitCode);
            Assert.DoesNotContain("ALERT OPEN", text);
            var lines = await File.ReadAllLinesAsync(jsonl, TestContext.Current.CancellationToken);
            var alerts = lines.Where(l => !l.Contains("\"type\":\"drift\"", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(alerts);
            Assert.All(alerts, l => Assert.Contains("\"state\":\"open\"", l)); // cool-down longer than the file: nothing closes
        }
        finally
        {
            File.Delete(jsonl);
        }
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_start_naming_the_setting()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestData.RunHostAsync("--Source:Path=/nowhere/data.csv"));
        Assert.Contains("Source:Path '/nowhere/data.csv' does not exist", ex.Message);
        ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestData.RunHostAsync("--Pipeline:WindowLength=1"));
        Assert.Contains("WindowLength", ex.Message);
    }

    [Fact]
    public async Task A_missing_model_bundle_ends_the_run_with_a_clear_error_and_exit_code_2()
    {
        var (output, _) = await TestData.RunHostAsync("--Model:Path=/nowhere/model");
        Assert.Equal(2, output.ExitCode);
    }

    [Fact]
    public async Task A_model_whose_window_length_differs_from_the_pipeline_is_refused()
    {
        var (output, _) = await TestData.RunHostAsync("--Pipeline:WindowLength=64");
        Assert.Equal(2, output.ExitCode);
    }
}
