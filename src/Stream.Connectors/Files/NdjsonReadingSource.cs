using System.Runtime.CompilerServices;
using System.Text;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Files;

/// <summary>
/// Reads one JSON reading per line (see <see cref="ReadingJsonFormat"/>); bad lines go to the <see cref="BadInputHandler"/>,
/// and so do lines longer than <paramref name="maxLineBytes"/> (Limits:MaxMessageBytes), before they are parsed.
/// </summary>
public sealed class NdjsonReadingSource(string path, ReadingJsonFormat format, BadInputHandler badInput, int maxLineBytes = int.MaxValue) : IReadingSource
{
    private readonly ReadingJsonParser _parser = new(format);

    public string Name => path;

    public async IAsyncEnumerable<Reading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var position = new SourcePosition(path, -1, lineNumber);
            var bytes = Encoding.UTF8.GetBytes(line);
            if (bytes.Length > maxLineBytes)
            {
                badInput.Report(SkipReason.TooLarge, position, $"line of {bytes.Length} bytes is over Limits:MaxMessageBytes ({maxLineBytes})");
                continue;
            }

            var result = _parser.Parse(bytes);
            if (!result.Success)
            {
                badInput.Report(result.Reason, position, result.Error!);
                continue;
            }

            var reading = result.Reading! with { Position = position };
            yield return reading;
        }
    }
}
