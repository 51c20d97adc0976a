package io.hybridsr.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./hybridsr bench}: a group; its subcommands do the work. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (scheduler, sr, pipeline).",
    subcommands = {
      BenchPipelineCommand.class,
      BenchSchedulerCommand.class,
      BenchSrCommand.class,
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
