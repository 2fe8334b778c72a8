namespace StreamAE.Core.Domain;

public enum EpisodeState
{
    Open,
    Closed,
}
