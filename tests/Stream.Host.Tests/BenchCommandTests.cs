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

    [Fact]
    public async Task Missing_bundle_is_a_clear_error()
    {
        var parse = BenchCommand.Create(NullLoggerFactory.Instance).Parse(["--model", "/nonexistent/bundle", "--seconds", "0.01"]);
        Assert.Equal(2, await parse.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
    }
}
