using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace StreamAE.Host.Tests.Faults;

/// <summary>
/// The built <c>streamae</c> run as its own process, as an operator runs it: its standard error (the log) and output
/// collected line by line, SIGTERM sent like systemd or Kubernetes sends it, and never left behind by a failed test.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        Started = Stopwatch.StartNew();
    }

    /// <summary>Standard error so far: the service's log, one entry per line.</summary>
    public IReadOnlyCollection<string> Log => _errors;

    public IReadOnlyCollection<string> Output => _output;

    public Stopwatch Started { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServiceProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streamae.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service process");
        var service = new ServiceProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                service._errors.Enqueue(line);
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                service._output.Enqueue(line);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return service;
    }

    /// <summary>Lines of the log that contain <paramref name="text"/>.</summary>
    public List<string> LogLines(string text) => [.. _errors.Where(l => l.Contains(text, StringComparison.Ordinal))];

    /// <summary>Polls the log until a line contains <paramref name="text"/> (fails early if the process exits first).</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_errors.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the service exited ({_process.ExitCode}) before logging '{text}':\n{Tail()}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"no log line with '{text}' within {timeout.TotalSeconds} s:\n{Tail()}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGTERM, as systemd and Kubernetes stop a service.</summary>
    public void Terminate() => Assert.Equal(0, Kill(_process.Id, SigTerm));

    /// <summary>Waits for the process to end; returns its exit code and how long it took.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> WaitForExitAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"the service did not exit within {timeout.TotalSeconds} s:\n{Tail()}");
        }

        _process.WaitForExit(); // the redirected streams are drained
        return (_process.ExitCode, watch.Elapsed);
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _errors.TakeLast(lines).Select(l => l.Length > 400 ? l[..400] + "…" : l));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // never leave a service process behind a failed test
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
