namespace DeepScale.HostLab.Kernels;

/// <summary>Where the processes of a measured loopback ring run.</summary>
public enum RingPlacement
{
    /// <summary>Wherever the operating system puts them: on a host with as many cores as processes, each on its own
    /// core, so a step costs a member's processor time plus the wait for a sleeping peer to wake on its core.</summary>
    Spread,

    /// <summary>All on one core: the members' work runs one after another and a woken member is simply next in the
    /// core's queue, so a step costs the sum of the members' processor time and nothing else.</summary>
    OneCore,
}
