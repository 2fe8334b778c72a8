using System.Runtime.InteropServices;

namespace StreamAE.Testing.Kafka;

/// <summary>
/// The few librdkafka functions Confluent.Kafka does not expose (client creation for the mock cluster and the mock API),
/// bound to the very library Confluent.Kafka loaded. Why not DllImport: the package's default librdkafka.so needs
/// libsasl2.so.3, so on Debian Confluent.Kafka falls back to another file; a second copy would be a second library
/// with its own state.
/// </summary>
internal static class LibrdkafkaNative
{
    private static readonly Lazy<IntPtr> Handle = new(LoadSameLibrary);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr ConfNew();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ConfSet(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, IntPtr errstr, nuint errstrSize);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr KafkaNew(int type, IntPtr conf, IntPtr errstr, nuint errstrSize);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void KafkaDestroy(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr HandleMockCluster(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr MockBootstraps(IntPtr cluster);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int MockTopicCreate(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int MockClusterInt(IntPtr cluster, int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void MockPushRequestErrors(IntPtr cluster, short apiKey, nuint count, int[] errors);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void MockClearRequestErrors(IntPtr cluster, short apiKey);

    public static T Get<T>(string name)
        where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(Handle.Value, name));

    private static IntPtr LoadSameLibrary()
    {
        Confluent.Kafka.Library.Load();
        // The maps file lists every mapped file of this process; the librdkafka there is the one Confluent.Kafka uses.
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6 && parts[5].Contains("librdkafka", StringComparison.Ordinal))
            .Select(parts => parts[5])
            .FirstOrDefault()
            ?? throw new InvalidOperationException("Confluent.Kafka loaded no librdkafka visible in /proc/self/maps (the mock cluster needs Linux).");
        return NativeLibrary.Load(path);
    }
}
