using System.Text;

namespace StreamAE.Models.Tests;

/// <summary>
/// Writes a minimal ONNX file by hand (protobuf wire format, field numbers from onnx.proto), without the trainer:
/// reconstruction = window × factor, input/output [batch, T, C]. Its reconstruction error is known exactly.
/// </summary>
internal static class TinyOnnxModel
{
    public static byte[] Scaling(int length, int channels, float factor, int? outputLength = null)
    {
        var node = Message(
            Text(1, "window"), Text(1, "factor"), Text(2, "reconstruction"), Text(3, "scale"), Text(4, "Mul"));
        var initializer = Message(
            Varint(2, 1), // data_type FLOAT, a scalar (no dims)
            Bytes(4, BitConverter.GetBytes(factor)), // float_data, packed
            Text(8, "factor"));
        var graph = Message(
            Bytes(1, node),
            Text(2, "tiny"),
            Bytes(5, initializer),
            Bytes(11, ValueInfo("window", length, channels)),
            Bytes(12, ValueInfo("reconstruction", outputLength ?? length, channels)));
        var opset = Message(Text(1, string.Empty), Varint(2, 17));
        return Message(Varint(1, 8), Text(2, "tests"), Bytes(7, graph), Bytes(8, opset));
    }

    private static byte[] ValueInfo(string name, int length, int channels)
    {
        var shape = Message(
            Bytes(1, Message(Text(2, "batch"))),
            Bytes(1, Message(Varint(1, length))),
            Bytes(1, Message(Varint(1, channels))));
        var tensorType = Message(Varint(1, 1), Bytes(2, shape));
        return Message(Text(1, name), Bytes(2, Message(Bytes(1, tensorType))));
    }

    private static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Bytes(int field, byte[] value) => [.. Key(field, 2), .. Number((ulong)value.Length), .. value];

    private static byte[] Varint(int field, long value) => [.. Key(field, 0), .. Number((ulong)value)];

    private static byte[] Key(int field, int wireType) => Number((ulong)((field << 3) | wireType));

    private static byte[] Number(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
