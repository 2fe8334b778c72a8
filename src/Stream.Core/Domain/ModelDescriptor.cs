namespace StreamAE.Core.Domain;

/// <summary>What a scorer is: name and version (alerts carry them), its window length and channel names.</summary>
public sealed record ModelDescriptor(string Name, string Version, string Kind, int WindowLength, IReadOnlyList<string> ChannelNames)
{
    public int Channels => ChannelNames.Count;
}
