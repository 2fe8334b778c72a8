using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Host.Commands;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Tests;

/// <summary>The train command's autoencoder path, through the real command line, on a short prefix of the sample.</summary>
public sealed class TrainAutoencoderCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-train-ae-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Train_ar_writes_a_bundle_the_host_loads_and_bench_measures_it()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "samples/data/nab/machine_temperature_system_failure.csv");
        var output = Path.Combine(_dir, "ar");
        var train = TrainCommand.Create(NullLoggerFactory.Instance).Parse(
        [
            "--data", data, "--model", "ar", "--out", output, "--rows", "400", "--window", "16",
            "--epochs", "2", "--hidden", "8", "--latent", "3", "--device", "cpu", "--seed", "5", "--scored-steps", "4",
        ]);
        Assert.Empty(train.Errors);
        Assert.Equal(0, await train.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));

        var bundle = ModelBundle.Read(output);
        Assert.Equal("ar-autoencoder", bundle.Manifest.Kind);
        Assert.Equal(16, bundle.Manifest.WindowLength);
        Assert.Equal(5, bundle.Manifest.Training.Seed);
        Assert.Equal(4, bundle.Manifest.ScoredSteps);
        Assert.True(File.Exists(Path.Combine(output, "loss.png")));
        using (var model = ModelBundleLoader.Load(bundle))
        {
            Assert.Equal(["value"], model.Descriptor.ChannelNames);
            Assert.Equal(4, ((Models.Autoencoders.OnnxAutoencoderScorer)model.Scorer).ScoredStepCount);
        }

        var report = Path.Combine(_dir, "benchmarks.md");
        var bench = BenchCommand.Create(NullLoggerFactory.Instance).Parse(["--model", output, "--batch", "1", "4", "--seconds", "0.05", "--train-batch", "8", "--sensors", "4", "--memory-sensors", "100", "--report", report]);
        Assert.Empty(bench.Errors);
        Assert.Equal(0, await bench.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));

        // The trained model's row in the memory/training table ends with a measured training rate, not an empty cell.
        var row = File.ReadAllLines(report).Single(l => l.StartsWith($"| {bundle.Manifest.Name} | 100 |", StringComparison.Ordinal));
        Assert.Matches(@"\| [0-9][0-9,]* \|$", row);
    }

    [Theory]
    [InlineData("arp", "2", "applies to the autoencoders")]
    [InlineData("ar", "-1", "must be 0 (all window steps) or a number of newest steps from 1 up")]
    public async Task Scored_steps_for_the_baseline_or_below_zero_are_refused(string model, string k, string message)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var parse = TrainCommand.Create(NullLoggerFactory.Instance).Parse(["--data", "x.csv", "--out", Path.Combine(_dir, "no"), "--model", model, "--scored-steps", k]);
            Assert.Empty(parse.Errors);
            Assert.Equal(2, await parse.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "no")));
    }

    [Fact]
    public void Unknown_model_kinds_and_devices_are_rejected_by_the_command_line()
    {
        var parse = TrainCommand.Create(NullLoggerFactory.Instance).Parse(["--data", "x.csv", "--out", "y", "--model", "lstm"]);
        Assert.NotEmpty(parse.Errors);
        parse = TrainCommand.Create(NullLoggerFactory.Instance).Parse(["--data", "x.csv", "--out", "y", "--model", "ar", "--device", "tpu"]);
        Assert.NotEmpty(parse.Errors);
    }
}
