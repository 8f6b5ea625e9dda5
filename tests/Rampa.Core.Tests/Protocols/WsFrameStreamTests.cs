using Rampa.Core.Protocols.Ws;

namespace Rampa.Core.Tests.Protocols;

/// <summary>The stream under a WebSocket session: hands the handshake's leftover bytes first, finds pongs among frames, writes pings.</summary>
public class WsFrameStreamTests
{
    [Fact]
    public async Task A_pong_is_seen_only_at_a_frame_header_however_the_bytes_are_split()
    {
        // A text frame, a 200-byte binary frame whose payload is full of pong-like bytes, then a pong.
        var binary = Enumerable.Repeat((byte)0x8A, 200).ToArray();
        byte[] frames = [0x81, 0x02, (byte)'h', (byte)'i', 0x82, 0x7E, 0x00, 0xC8, .. binary, 0x8A, 0x00];
        var written = new MemoryStream();
        using var stream = new WsFrameStream(written, frames);
        var pong = await stream.SendPingAsync(CancellationToken.None);

        var ping = written.ToArray();
        Assert.Equal(6, ping.Length);
        Assert.Equal(0x89, ping[0]);   // FIN + ping
        Assert.Equal(0x80, ping[1]);   // masked, no payload

        var one = new byte[1];
        var read = new List<byte>();
        for (var i = 0; i < frames.Length - 2; i++)
        {
            Assert.Equal(1, await stream.ReadAsync(one));
            read.Add(one[0]);
        }
        Assert.False(pong.IsCompleted);
        Assert.Equal(2, await stream.ReadAsync(new byte[16]));
        Assert.True(pong.IsCompletedSuccessfully);
        Assert.Equal(frames[..^2], read);
    }
}
