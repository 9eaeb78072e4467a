using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

using DeepScale.Core.Units;

namespace DeepScale.HostLab.Kernels;

/// <summary>
/// A unidirectional ring of TCP connections over the loopback interface between <see cref="Ranks"/> processes:
/// each rank sends to rank + 1 and receives from rank − 1 (mod p). The ring forms through a rendezvous
/// directory: every rank listens on an ephemeral port, publishes it as <c>ring-{rank}.port</c> (written under a
/// temporary name, then renamed), connects to its successor and accepts its predecessor, and the two greet with
/// their ranks. Every wait is bounded by <see cref="Timeout"/>, so a dead or hung neighbour fails the ring with a
/// <see cref="RingPeerException"/> instead of hanging it.
/// </summary>
/// <remarks>Lifecycle: <see cref="Connect"/> (all ranks at about the same time, each with a fresh shared
/// directory), any number of exchanges (<see cref="RingAllReduce"/>), <see cref="Dispose"/>. Not thread-safe.</remarks>
public sealed class LoopbackRing : IDisposable
{
    private const int HelloMagic = 0x47525344;
    private const int HelloBytes = 12;

    /// <summary>Connection to rank + 1, used only to send.</summary>
    private readonly Socket? _next;

    /// <summary>Connection from rank − 1, used only to receive.</summary>
    private readonly Socket? _previous;

    /// <summary>Reused argument lists of <see cref="Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/>.</summary>
    private readonly List<Socket> _readable = new(1);

    private readonly List<Socket> _writable = new(1);

    /// <summary>Receive buffer of the reduce-scatter, grown on demand.</summary>
    private byte[] _scratch = [];

    private LoopbackRing(int rank, int ranks, Duration timeout, Socket? next, Socket? previous)
    {
        Rank = rank;
        Ranks = ranks;
        Timeout = timeout;
        _next = next;
        _previous = previous;
    }

    /// <summary>This process's position in the ring, 0 ≤ Rank &lt; Ranks.</summary>
    public int Rank { get; }

    /// <summary>The number of processes in the ring.</summary>
    public int Ranks { get; }

    /// <summary>The longest any rendezvous step or transfer may go without progress.</summary>
    public Duration Timeout { get; }

    /// <summary>The rank this one sends to.</summary>
    public int NextRank => (Rank + 1) % Ranks;

    /// <summary>The rank this one receives from.</summary>
    public int PreviousRank => (Rank - 1 + Ranks) % Ranks;

    /// <summary>Forms the ring (a single rank needs no sockets). Throws <see cref="RingPeerException"/> on timeout.</summary>
    public static LoopbackRing Connect(string rendezvousDirectory, int rank, int ranks, Duration timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(rendezvousDirectory);
        if (ranks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ranks), ranks, $"ring.ranks: {ranks} must be at least 1");
        }

        if (rank < 0 || rank >= ranks)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"ring.rank: {rank} must be in [0, {ranks})");
        }

        if (timeout <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"ring.timeout: {timeout} must be positive");
        }

        if (!Directory.Exists(rendezvousDirectory))
        {
            throw new DirectoryNotFoundException($"ring.rendezvous_directory: '{rendezvousDirectory}' does not exist");
        }

        if (ranks == 1)
        {
            return new LoopbackRing(rank, 1, timeout, null, null);
        }

        long deadline = Stopwatch.GetTimestamp() + ToStopwatchTicks(timeout);
        int nextRank = (rank + 1) % ranks;
        int previousRank = (rank - 1 + ranks) % ranks;
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        PublishPort(rendezvousDirectory, rank, ((IPEndPoint)listener.LocalEndPoint!).Port);

        Socket? next = null;
        Socket? previous = null;
        try
        {
            next = ConnectToNext(rendezvousDirectory, rank, ranks, nextRank, deadline, timeout);
            previous = AcceptPrevious(listener, rank, ranks, previousRank, deadline, timeout);
            next.Blocking = false;
            previous.Blocking = false;
            return new LoopbackRing(rank, ranks, timeout, next, previous);
        }
        catch
        {
            next?.Dispose();
            previous?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until the predecessor sends data (true) or closes its connection cleanly between operations (false).
    /// A single rank returns true at once. Throws <see cref="RingPeerException"/> when nothing happens in time.
    /// </summary>
    public bool WaitForIncoming(Duration timeout)
    {
        if (_previous is null)
        {
            return true;
        }

        if (!_previous.Poll(TimeSpan.FromSeconds(timeout.Seconds), SelectMode.SelectRead))
        {
            throw new RingPeerException(RingFailure.Timeout, Rank, PreviousRank,
                $"rank {Rank}: rank {PreviousRank} sent nothing for {timeout}");
        }

        return _previous.Available > 0;
    }

    /// <summary>A receive buffer of at least <paramref name="bytes"/> bytes, owned by the ring.</summary>
    internal Span<byte> Scratch(int bytes)
    {
        if (_scratch.Length < bytes)
        {
            _scratch = GC.AllocateUninitializedArray<byte>(bytes, pinned: true);
        }

        return _scratch.AsSpan(0, bytes);
    }

    /// <summary>
    /// Sends <paramref name="send"/> to the successor while receiving exactly <paramref name="receive"/>.Length
    /// bytes from the predecessor, both directions progressing together so that no rank waits on a full socket
    /// buffer. Fails when the predecessor closes, a socket errs, or nothing moves for <see cref="Timeout"/>.
    /// </summary>
    internal void Exchange(ReadOnlySpan<byte> send, Span<byte> receive, string phase, int step)
    {
        if (_next is null || _previous is null)
        {
            return;
        }

        int sent = 0;
        int received = 0;
        long patience = ToStopwatchTicks(Timeout);
        long lastProgress = Stopwatch.GetTimestamp();
        while (sent < send.Length || received < receive.Length)
        {
            bool progress = false;
            if (sent < send.Length)
            {
                int n = _next.Send(send[sent..], SocketFlags.None, out SocketError error);
                if (error == SocketError.Success)
                {
                    sent += n;
                    progress |= n > 0;
                }
                else if (error != SocketError.WouldBlock)
                {
                    throw Broken(error, NextRank, "sending to", phase, step);
                }
            }

            if (received < receive.Length)
            {
                int n = _previous.Receive(receive[received..], SocketFlags.None, out SocketError error);
                if (error == SocketError.Success)
                {
                    if (n == 0)
                    {
                        throw new RingPeerException(RingFailure.Closed, Rank, PreviousRank,
                            $"rank {Rank}: rank {PreviousRank} closed its connection during {phase} step {step} " +
                            "(its process has probably exited)");
                    }

                    received += n;
                    progress = true;
                }
                else if (error != SocketError.WouldBlock)
                {
                    throw Broken(error, PreviousRank, "receiving from", phase, step);
                }
            }

            long now = Stopwatch.GetTimestamp();
            if (progress)
            {
                lastProgress = now;
                continue;
            }

            long left = lastProgress + patience - now;
            if (left <= 0)
            {
                throw new RingPeerException(RingFailure.Timeout, Rank, received < receive.Length ? PreviousRank : NextRank,
                    $"rank {Rank}: no progress for {Timeout} during {phase} step {step} " +
                    $"(sent {sent}/{send.Length} bytes to rank {NextRank}, received {received}/{receive.Length} from rank {PreviousRank}); " +
                    "a worker is hung or gone");
            }

            _readable.Clear();
            _writable.Clear();
            if (received < receive.Length)
            {
                _readable.Add(_previous);
            }

            if (sent < send.Length)
            {
                _writable.Add(_next);
            }

            int waitMicroseconds = (int)Math.Min(1_000_000, Math.Max(1, left * 1_000_000 / Stopwatch.Frequency));
            Socket.Select(_readable.Count > 0 ? _readable : null, _writable.Count > 0 ? _writable : null, null, waitMicroseconds);
        }
    }

    public void Dispose()
    {
        _next?.Dispose();
        _previous?.Dispose();
    }

    private RingPeerException Broken(SocketError error, int peer, string direction, string phase, int step) =>
        new(error is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted ? RingFailure.Closed : RingFailure.Reset,
            Rank, peer, $"rank {Rank}: {direction} rank {peer} failed with {error} during {phase} step {step} " +
            "(the peer process has probably exited)");

    private static long ToStopwatchTicks(Duration d) => (long)Math.Ceiling(d.Seconds * Stopwatch.Frequency);

    private static string PortFile(string directory, int rank) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"ring-{rank}.port"));

    private static void PublishPort(string directory, int rank, int port)
    {
        string path = PortFile(directory, rank);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, port.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
    }

    private static Socket ConnectToNext(string directory, int rank, int ranks, int nextRank, long deadline, Duration timeout)
    {
        string path = PortFile(directory, nextRank);
        Exception? last = null;
        while (true)
        {
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    Configure(socket, timeout);
                    socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
                    Span<byte> hello = stackalloc byte[HelloBytes];
                    BinaryPrimitives.WriteInt32LittleEndian(hello, HelloMagic);
                    BinaryPrimitives.WriteInt32LittleEndian(hello[4..], rank);
                    BinaryPrimitives.WriteInt32LittleEndian(hello[8..], ranks);
                    socket.Send(hello);
                    return socket;
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                throw new RingPeerException(RingFailure.Rendezvous, rank, nextRank,
                    $"rank {rank}: could not connect to rank {nextRank} within {timeout} " +
                    $"(no usable port file '{path}'; did its process start?)", last);
            }

            Thread.Sleep(10);
        }
    }

    private static Socket AcceptPrevious(Socket listener, int rank, int ranks, int previousRank, long deadline, Duration timeout)
    {
        long left = deadline - Stopwatch.GetTimestamp();
        if (left <= 0 || !listener.Poll(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency), SelectMode.SelectRead))
        {
            throw new RingPeerException(RingFailure.Rendezvous, rank, previousRank,
                $"rank {rank}: rank {previousRank} did not connect within {timeout} (did its process start?)");
        }

        Socket socket = listener.Accept();
        try
        {
            Configure(socket, timeout);
            Span<byte> hello = stackalloc byte[HelloBytes];
            int got = 0;
            while (got < HelloBytes)
            {
                int n = socket.Receive(hello[got..]);
                if (n == 0)
                {
                    break;
                }

                got += n;
            }

            int magic = BinaryPrimitives.ReadInt32LittleEndian(hello);
            int peer = BinaryPrimitives.ReadInt32LittleEndian(hello[4..]);
            int peerRanks = BinaryPrimitives.ReadInt32LittleEndian(hello[8..]);
            if (got < HelloBytes || magic != HelloMagic || peer != previousRank || peerRanks != ranks)
            {
                throw new RingPeerException(RingFailure.Rendezvous, rank, previousRank,
                    $"rank {rank}: expected a greeting from rank {previousRank} of {ranks}, got {got} bytes " +
                    $"(rank {peer} of {peerRanks}); is the rendezvous directory shared by two rings?");
            }

            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RingPeerException(RingFailure.Rendezvous, rank, previousRank,
                $"rank {rank}: greeting from rank {previousRank} failed: {e.SocketErrorCode}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Disables Nagle's algorithm (each step is one message, latency matters) and bounds blocking calls.</summary>
    private static void Configure(Socket socket, Duration timeout)
    {
        int milliseconds = (int)Math.Clamp(Math.Ceiling(timeout.Milliseconds), 1, int.MaxValue);
        socket.NoDelay = true;
        socket.SendTimeout = milliseconds;
        socket.ReceiveTimeout = milliseconds;
    }
}
