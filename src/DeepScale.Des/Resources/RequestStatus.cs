namespace DeepScale.Des.Resources;

/// <summary>Where a resource request is: waiting, holding a slot, given back, or withdrawn.</summary>
public enum RequestStatus : byte
{
    Waiting,
    Granted,
    Released,
    Cancelled,
}
