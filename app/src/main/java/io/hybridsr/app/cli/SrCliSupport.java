package io.hybridsr.app.cli;

import io.hybridsr.core.image.ImageFileException;
import io.hybridsr.inference.ncnn.NcnnFormatException;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.quant.PrecisionUnavailableException;
import io.hybridsr.inference.store.ModelUnavailableException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;

/**
 * What the super-resolution commands share: turning expected failures (missing weights, bad files,
 * bad flags) into one line on stderr and an exit code, and progress bars on stderr.
 */
final class SrCliSupport {
  /** Exit code for bad input or missing prerequisites. */
  static final int EXIT_BAD_INPUT = 2;

  private SrCliSupport() {}

  /** Runs {@code body}; an expected failure prints "hybridsr COMMAND: message" and returns 2. */
  static int run(String command, Callable<Integer> body) {
    try {
      return body.call();
    } catch (ModelUnavailableException
        | ImageFileException
        | NcnnFormatException
        | IllegalArgumentException
        | PrecisionUnavailableException e) {
      System.err.println("hybridsr " + command + ": " + e.getMessage());
      return EXIT_BAD_INPUT;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      System.err.println("hybridsr " + command + ": " + e);
      return 1;
    }
  }

  /** Help text of every {@code --precision} option. */
  static final String PRECISION_HELP =
      "Graph precision: fp32, int8 (calibrated on the project's photos; VNNI/AMX"
          + " integer kernels, 2-3.5x faster than fp32 on this CPU, at most 0.15 dB lower PSNR), fp16 (half precision, for"
          + " GPUs: HYBRIDSR_EP=cuda with the -Pcuda build; on the CPU it runs in float behind casts, slower than fp32,"
          + " to check its accuracy) or bf16 (refused:"
          + " ONNX Runtime's CPU provider has no bfloat16 Conv) (default: ${DEFAULT-VALUE}).";

  /**
   * {@code --precision}'s value, or a bad-flag error naming the option; a precision that is not
   * what the CPU is for (fp16) is said so on stderr when the commands run on the CPU ({@code
   * HYBRIDSR_EP}).
   */
  static Precision precision(String option, String value) {
    Precision p = parse(option, value);
    if (CliEnvironment.executionProvider() == ExecutionProvider.CPU) {
      p.cpuNote().ifPresent(n -> System.err.println("note: " + n));
    }
    return p;
  }

  private static Precision parse(String option, String value) {
    try {
      return Precision.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  /**
   * The edge SR slot's {@code --precision}-like value: fp16 only where the edge runs on CUDA
   * ({@code HYBRIDSR_EP=cuda}).
   */
  static Precision edgePrecision(String option, String value) {
    Precision p = parse(option, value);
    if (p == Precision.FP16 && CliEnvironment.executionProvider() == ExecutionProvider.CPU) {
      throw new IllegalArgumentException(
          option + ": fp16 is for GPUs; the edge runs on the CPU here (HYBRIDSR_EP=cuda for CUDA)");
    }
    return p;
  }

  /**
   * {@code --precision}'s value for a command that times or serves this machine's CPU runners: fp16
   * is refused there (it only costs time on the CPU).
   */
  static Precision cpuPrecision(String option, String value) {
    Precision p = parse(option, value);
    if (p == Precision.FP16) {
      throw new IllegalArgumentException(
          option + ": fp16 is for GPUs; this command times the CPU runners (use fp32 or int8)");
    }
    return p;
  }

  static ProgressBar progress(String task, long max) {
    return Progress.bar(task, max);
  }

  /**
   * A bar on stderr drawn through {@code line}: print table rows with {@link
   * ProgressLine#printAbove} while it runs; closing it ends its line.
   */
  static ProgressBar progress(String task, long max, ProgressLine line) {
    return Progress.bar(task, max, line, false);
  }

  static void line(PrintStream out, String fmt, Object... args) {
    out.println(String.format(java.util.Locale.ROOT, fmt, args));
  }
}
