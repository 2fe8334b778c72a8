using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Host.Commands;

namespace StreamAE.Host.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_measures_the_bundled_arp_model_and_writes_the_report()
    {
        var report = Path.Combine(Path.GetTempPath(), "streamae-bench-tests", Guid.NewGuid().ToString("N"), "benchmarks.md");
        var parse = BenchCommand.Create(NullLoggerFactory.Instance).Parse(["--model", "samples/models/arp-baseline", "--batch", "1", "4", "--seconds", "0.05", "--sensors", "4", "--memory-sensors", "200", "--report", report]);
        Assert.Empty(parse.Errors);
        Assert.Equal(0, await parse.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
        var markdown = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.Contains("| arp-baseline (arp, T=32, C=1) | 4 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| arp-baseline | 200 |", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bench_kafka_shapes_readings_for_a_multichannel_bundle_and_counts_every_one_processed(bool preload)
    {
        // A 2-channel AR(p) bundle: the benchmark must send 2-channel readings (none dead-lettered) with its window length.
        var directory = Path.Combine(Path.GetTempPath(), "streamae-bench-tests", Guid.NewGuid().ToString("N"), "two-channel");
        var rows = 600;
        var values = Enumerable.Range(0, rows).SelectMany(t => new[] { (float)Math.Sin(t * 0.1), (float)Math.Cos(t * 0.07) }).ToArray();
        var series = new Models.Data.TrainingSeries("train", ["a", "b"], values, Enumerable.Range(0, rows).Select(i => TestData.T0.AddSeconds(i)).ToArray());
        Models.Arp.ArpTrainer.Train([series], new Models.Arp.ArpTrainer.Options(Order: 2, WindowLength: 8, Name: "two-channel"), directory);

        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            string[] args = ["kafka", "--model", directory, "--readings", "3000", "--sensors", "10", "--raw-seconds", "0.05", .. preload ? new[] { "--preload" } : []];
            var parse = BenchCommand.Create(NullLoggerFactory.Instance).Parse(args);
            Assert.Empty(parse.Errors);
            Assert.Equal(0, await parse.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
        }
        finally
        {
            Console.SetOut(console);
        }

        var text = output.ToString();
        Assert.Contains("readings processed   3000 in", text, StringComparison.Ordinal);
        Assert.Contains("dead letters 0,", text, StringComparison.Ordinal);
        Assert.Contains(preload ? "preloaded (consumer side only)" : "concurrent", text, StringComparison.Ordinal);
        Assert.Contains("raw limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bundle_is_a_clear_error()
    {
        var parse = BenchCommand.Create(NullLoggerFactory.Instance).Parse(["--model", "/nonexistent/bundle", "--seconds", "0.01"]);
        Assert.Equal(2, await parse.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
    }
}
