namespace StreamAE.Host.Tests;

/// <summary>Limits against runaway input, through a whole run.</summary>
[Collection(HostCollection.Name)]
public sealed class LimitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<RunningHost> Run(int maxSensors)
    {
        var bundle = TestData.TrainBundle(Path.Combine(_dir, "model"), seed: 1);
        var data = TestData.WriteMultiSensorCsv(Path.Combine(_dir, "plant.csv"), sensors: 3, rowsPerSensor: 40);
        var host = RunningHost.Start(
            http: false,
            $"--Source:Path={data}", "--Source:LabelsPath=", "--Source:Csv:SensorColumn=sensor", "--Source:Csv:TimestampColumn=timestamp",
            $"--Model:Path={bundle.Directory}", $"--Pipeline:WindowLength={TestData.WindowLength}", "--Sinks:Console=false",
            $"--Limits:MaxSensors={maxSensors}");
        await host.Run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return host;
    }

    [Fact]
    public async Task Beyond_the_sensor_limit_the_least_recently_seen_sensor_is_evicted_logged_and_counted()
    {
        // Three sensors take turns: with room for two, each new reading evicts the sensor that comes next, so no window ever fills.
        await using var limited = await Run(maxSensors: 2);
        Assert.Equal(0, limited.Output.ExitCode);
        Assert.Equal(120, limited.Output.Counters!.Readings);
        Assert.Equal(0, limited.Output.Counters.Windows);
        Assert.Contains(limited.Logs.Lines, l => l.Contains("evicted: Limits:MaxSensors (2) reached", StringComparison.Ordinal));
        Assert.Contains(limited.Logs.Lines, l => l.Contains("(10 evicted so far)", StringComparison.Ordinal));
        Assert.DoesNotContain(limited.Logs.Lines, l => l.Contains("(11 evicted so far)", StringComparison.Ordinal)); // the log is rate-limited

        await using var roomy = await Run(maxSensors: 3);
        Assert.Equal(3 * (40 - TestData.WindowLength + 1), roomy.Output.Counters!.Windows);
        Assert.DoesNotContain(roomy.Logs.Lines, l => l.Contains("evicted", StringComparison.Ordinal));
    }
}
