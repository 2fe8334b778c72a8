namespace StreamAE.Host.Tests;

/// <summary>The detector with the bundled autoencoder bundles, chosen by configuration, end to end on the sample.</summary>
public sealed class AutoencoderRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-host-ae-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("samples/models/ar-autoencoder", "ar-autoencoder")]
    [InlineData("samples/models/transformer-autoencoder", "transformer-autoencoder")]
    public async Task The_host_scores_the_sample_with_an_autoencoder_bundle_chosen_by_configuration(string bundle, string kind)
    {
        var (output, text) = await TestData.RunHostAsync($"--Model:Path={bundle}", "--Model:Onnx:IntraOpThreads=1", "--Sinks:Console=false");
        Assert.Equal(0, output.ExitCode);
        Assert.Contains($"({kind}, T=32, channels value)", text);
        var outcomes = output.LastSummary!.LabelOutcomes();
        Assert.Equal(4, outcomes.Count);
        Assert.Contains(outcomes, o => o.Caught);
    }

    [Fact]
    public async Task Replay_without_labels_blanks_the_labels_path_and_still_runs()
    {
        // What `replay FILE --model DIR` passes when --labels is not given.
        var (output, text) = await TestData.RunHostAsync("--Model:Path=samples/models/ar-autoencoder", "--Source:LabelsPath=", "--Sinks:Console=false");
        Assert.Equal(0, output.ExitCode);
        Assert.Contains("=== StreamAE run summary", text);
        Assert.Empty(output.LastSummary!.LabelOutcomes());
    }

    [Fact]
    public async Task A_bundle_whose_channels_differ_from_the_data_is_refused_before_the_run()
    {
        var csv = Path.Combine(_dir, "two.csv");
        await File.WriteAllLinesAsync(csv, ["timestamp,temperature,pressure", "2024-01-01 00:00:00,1,2", "2024-01-01 00:05:00,1,2"], TestContext.Current.CancellationToken);
        var (output, text) = await TestData.RunHostAsync("--Model:Path=samples/models/ar-autoencoder", $"--Source:Path={csv}");
        Assert.Equal(2, output.ExitCode);
        Assert.DoesNotContain("run summary", text);
    }

    [Fact]
    public async Task A_bundle_without_its_onnx_file_or_with_a_corrupt_one_ends_the_run_with_exit_code_2()
    {
        var copy = Path.Combine(_dir, "broken");
        Directory.CreateDirectory(copy);
        var source = Path.Combine(AppContext.BaseDirectory, "samples/models/ar-autoencoder");
        File.Copy(Path.Combine(source, "manifest.json"), Path.Combine(copy, "manifest.json"));
        var (output, _) = await TestData.RunHostAsync($"--Model:Path={copy}");
        Assert.Equal(2, output.ExitCode);

        await File.WriteAllTextAsync(Path.Combine(copy, "model.onnx"), "garbage", TestContext.Current.CancellationToken);
        (output, _) = await TestData.RunHostAsync($"--Model:Path={copy}");
        Assert.Equal(2, output.ExitCode);
    }
}
