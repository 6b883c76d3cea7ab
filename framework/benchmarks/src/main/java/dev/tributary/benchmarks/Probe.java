package dev.tributary.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What one timed run cost the process: wall time, process CPU time, GC time and heap. Heap is
 * taken from GC notifications: the peak is the largest heap in use just before a collection (or at
 * the end), the live figure the largest heap still in use just after one, which is what the run
 * actually retained. Not thread-safe: one run at a time per process.
 */
public final class Probe implements AutoCloseable {

  /** The cost of one run. */
  public record Cost(long records, long wallNanos, long cpuNanos, long gcMillis, long peakHeapBytes, long liveHeapBytes) {

    public double perSecond() {
      return records / (wallNanos / 1e9);
    }

    /** CPU microseconds per record (all threads of the process). */
    public double cpuMicrosPerRecord() {
      return records == 0 ? Double.NaN : cpuNanos / 1e3 / records;
    }

    public double peakHeapMb() {
      return peakHeapBytes / (1024.0 * 1024.0);
    }

    public double liveHeapMb() {
      return liveHeapBytes / (1024.0 * 1024.0);
    }
  }

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong live = new AtomicLong();
  private final NotificationListener listener = (n, handback) -> {
    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
      peak.accumulateAndGet(heap(info.getMemoryUsageBeforeGc()), Math::max);
      live.accumulateAndGet(heap(info.getMemoryUsageAfterGc()), Math::max);
    }
  };
  private final List<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList();
  private long startWall;
  private long startCpu;
  private long startGc;

  public Probe() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  /** Starts a run: collects garbage first so that every run starts from the same live heap. */
  public Probe start() {
    System.gc();
    long now = heapUsed();
    peak.set(now);
    live.set(now);
    startGc = gcMillis();
    startCpu = os.getProcessCpuTime();
    startWall = System.nanoTime();
    return this;
  }

  /** Ends the run that stored {@code records}. */
  public Cost stop(long records) {
    long wall = System.nanoTime() - startWall;
    long cpu = os.getProcessCpuTime() - startCpu;
    long gc = gcMillis() - startGc;
    long now = heapUsed();
    return new Cost(records, wall, cpu, gc, Math.max(peak.get(), now), live.get());
  }

  private long heap(Map<String, MemoryUsage> pools) {
    long sum = 0;
    for (String p : heapPools) {
      MemoryUsage u = pools.get(p);
      if (u != null) {
        sum += u.getUsed();
      }
    }
    return sum;
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  @Override
  public void close() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // never added: nothing to remove
      }
    }
  }
}
