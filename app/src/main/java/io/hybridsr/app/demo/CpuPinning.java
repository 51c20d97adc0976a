package io.hybridsr.app.demo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Gives the demo's emulated machines CPUs of their own, as deployed: each device one CPU, the
 * edge's runner threads the rest. Devices that share CPUs with the edge are slowed by work that
 * arrives after their tasks were planned, which no plan can count; on CPUs of their own a device's
 * SR takes the time planned for it (docs/models.md, "Co-located runners"). The JVM's other work
 * (Flink, Kafka, encoding) runs on the devices' CPUs: a device's SR of several seconds absorbs its
 * short bursts, the edge's generation of half a second would not. Linux only: {@code taskset} on
 * threads found by their names in {@code /proc/self/task}.
 */
final class CpuPinning {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path TASKS = Path.of("/proc/self/task");

  /** The edge's CPUs and each device's, in the order of the devices. */
  record Plan(List<Integer> allowed, List<Integer> edgeCpus, List<Integer> deviceCpus) {
    Plan {
      allowed = List.copyOf(allowed);
      edgeCpus = List.copyOf(edgeCpus);
      deviceCpus = List.copyOf(deviceCpus);
    }

    /** Says where everyone runs, for the demo's output. */
    String describe(List<String> deviceIds) {
      StringBuilder b = new StringBuilder("CPUs: the edge's runners on ").append(format(edgeCpus));
      for (int i = 0; i < deviceIds.size(); i++) {
        b.append("; device ").append(deviceIds.get(i)).append(" on ").append(deviceCpus.get(i));
      }
      return b.append(
              ", with Flink, Kafka and the JVM's own work; its JIT compilers on every CPU at nice "
                  + JIT_NICE
                  + " (machines of their own, as deployed: planned apart)")
          .toString();
    }
  }

  /** A thread the JVM has not named yet has the process's name. */
  private static final String UNNAMED = "java";

  /**
   * The JVM's JIT compilers, as the kernel names them. They take most of a CPU for a run's first
   * minute: on the devices' CPU alone they made the first devices' SR under overload run at 1.75x
   * its planned time, and on every CPU at normal priority they slowed the edge's generation (T1's
   * p90 49% in a quiet run). On every CPU at nice 10 they take the time the runners leave.
   */
  static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

  /** The compilers' nice value: about a tenth of a runner's weight where they share a CPU. */
  static final int JIT_NICE = 10;

  private CpuPinning() {}

  /**
   * The placement for {@code devices} devices over the CPUs this process may use: the last {@code
   * devices} CPUs, one each, and the rest to the edge; empty when there are not enough (the edge
   * needs one).
   */
  static Optional<Plan> plan(List<Integer> allowed, int devices) {
    if (devices < 1 || allowed.size() < devices + 1) {
      return Optional.empty();
    }
    int edge = allowed.size() - devices;
    return Optional.of(
        new Plan(allowed, allowed.subList(0, edge), allowed.subList(edge, allowed.size())));
  }

  /** Why pinning cannot be done here, or empty when it can. */
  static Optional<String> unavailable() {
    if (!LinuxThreads.canRun("taskset")) {
      return Optional.of("no /proc/thread-self or taskset here");
    }
    return allowedCpus().isEmpty()
        ? Optional.of("no Cpus_allowed_list in " + STATUS)
        : Optional.empty();
  }

  /** The CPUs this process may run on (empty where the kernel does not say). */
  static List<Integer> allowedCpus() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return parse(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException e) {
      // not Linux: no pinning
    }
    return List.of();
  }

  /** Parses the kernel's CPU list ("0-3,8,10-11"). */
  static List<Integer> parse(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int dash = p.indexOf('-');
      int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
      for (int c = from; c <= to; c++) {
        cpus.add(c);
      }
    }
    return cpus;
  }

  static String format(List<Integer> cpus) {
    return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /**
   * Moves every thread of this process to {@code cpus}. Threads started later inherit the CPUs of
   * the thread that starts them.
   */
  static Optional<String> pinProcess(List<Integer> cpus) {
    return LinuxThreads.run(
        "taskset", "-a", "-p", "-c", format(cpus), String.valueOf(ProcessHandle.current().pid()));
  }

  /**
   * Threads whose kernel name starts with one of {@code prefixes} go to {@code cpus}, at nice
   * {@code nice} unless it is 0.
   */
  record Rule(List<String> prefixes, List<Integer> cpus, int nice) {
    Rule {
      prefixes = List.copyOf(prefixes);
      cpus = List.copyOf(cpus);
    }
  }

  /**
   * Keeps the threads whose kernel name starts with one of {@code prefixes} on {@code cpus}: those
   * there now and, looking every 100 ms until closed, those started later (the edge's slot threads
   * start with its first task). {@code failed} hears why a thread could not be moved.
   */
  static AutoCloseable keep(List<String> prefixes, List<Integer> cpus, Consumer<String> failed) {
    return keep(List.of(new Rule(prefixes, cpus, 0)), failed);
  }

  /**
   * {@link #keep(List, List, Consumer)} for several rules with one scan: a thread takes the first
   * rule its name matches.
   */
  static AutoCloseable keep(List<Rule> rules, Consumer<String> failed) {
    Set<String> seen = new HashSet<>();
    Runnable scan =
        () -> {
          try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
              String tid = task.getFileName().toString();
              if (seen.contains(tid)) {
                continue;
              }
              String name = threadName(task);
              if (name.isEmpty() || name.equals(UNNAMED)) {
                continue; // not named yet: looked at again next time
              }
              seen.add(tid);
              rules.stream()
                  .filter(rule -> rule.prefixes().stream().anyMatch(name::startsWith))
                  .findFirst()
                  .ifPresent(rule -> apply(rule, tid, failed));
            }
          } catch (IOException e) {
            failed.accept("cannot list " + TASKS + " (" + e.getMessage() + ")");
          }
        };
    ScheduledExecutorService scanner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-cpu-pinning");
              t.setDaemon(true);
              return t;
            });
    scanner.scheduleWithFixedDelay(scan, 0, 100, TimeUnit.MILLISECONDS);
    return scanner::shutdownNow;
  }

  private static void apply(Rule rule, String tid, Consumer<String> failed) {
    LinuxThreads.run("taskset", "-p", "-c", format(rule.cpus()), tid)
        .ifPresent(why -> failed.accept("thread " + tid + ": " + why));
    if (rule.nice() != 0) {
      LinuxThreads.run("renice", "-n", String.valueOf(rule.nice()), "-p", tid)
          .ifPresent(why -> failed.accept("thread " + tid + ": " + why));
    }
  }

  /** A thread's name as the kernel has it (the JVM's first 15 characters), or "" when gone. */
  private static String threadName(Path task) {
    try {
      return Files.readString(task.resolve("comm")).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Moves the calling thread (and the threads it starts, such as its Kafka client's) to one CPU.
   */
  static Optional<String> pinCurrentThread(int cpu) {
    try {
      return LinuxThreads.run(
          "taskset", "-p", "-c", String.valueOf(cpu), LinuxThreads.currentThreadId());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("no /proc/thread-self here (" + e.getMessage() + ")");
    }
  }
}
