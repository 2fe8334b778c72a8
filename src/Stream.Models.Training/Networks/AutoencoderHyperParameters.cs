namespace StreamAE.Models.Training.Networks;

/// <summary>
/// The shape of an autoencoder network: window T × channels C plus the knobs of both kinds. Stored in the bundle's
/// manifest so that training can resume from the saved weights into an identical network.
/// </summary>
public sealed record AutoencoderHyperParameters
{
    public required string Kind { get; init; }

    public required int WindowLength { get; init; }

    public required int Channels { get; init; }

    /// <summary>Size of the bottleneck vector between encoder and decoder (both kinds).</summary>
    public int Latent { get; init; } = 8;

    /// <summary>GRU hidden size (AR autoencoder).</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>Transformer width d_model.</summary>
    public int DModel { get; init; } = 32;

    public int Heads { get; init; } = 4;

    /// <summary>Encoder blocks, and as many decoder blocks.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Inner width d_ff of the position-wise feed-forward layers.</summary>
    public int FeedForward { get; init; } = 64;

    public double Dropout { get; init; } = 0.1;

    /// <summary>Memory tokens the decoder attends to, all expanded from the one latent vector.</summary>
    public int MemoryTokens { get; init; } = 4;

    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value < 1)
            {
                throw new ArgumentException($"{name} must be at least 1, is {value}.");
            }
        }

        if (WindowLength < 2)
        {
            throw new ArgumentException($"window length must be at least 2, is {WindowLength}.");
        }

        Positive(Channels, "channels");
        Positive(Latent, "latent");
        Positive(Hidden, "hidden");
        Positive(DModel, "d_model");
        Positive(Heads, "heads");
        Positive(Layers, "layers");
        Positive(FeedForward, "d_ff");
        Positive(MemoryTokens, "memory tokens");
        if (DModel % Heads != 0)
        {
            throw new ArgumentException($"d_model ({DModel}) must be a multiple of heads ({Heads}).");
        }

        if (Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"dropout must be in [0, 1), is {Dropout}.");
        }
    }
}
