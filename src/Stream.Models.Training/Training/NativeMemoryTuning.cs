using System.Runtime.InteropServices;

namespace StreamAE.Models.Training.Training;

/// <summary>
/// glibc's allocator fragments memory under LibTorch's many mid-sized allocations (several MB more per step even with
/// a dispose scope per step). A low mmap threshold — what MALLOC_MMAP_THRESHOLD_=65536 does — keeps the resident size
/// flat but costs speed, so it is opt-in (train --malloc-mmap-threshold).
/// </summary>
public static partial class NativeMemoryTuning
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in malloc.h

    /// <returns>false where glibc's mallopt is not available (other OS or C library).</returns>
    public static bool SetMmapThreshold(int bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallOpt(MmapThreshold, bytes) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
