package io.hybridsr.app.cli;

import io.hybridsr.device.cli.ModelsFetchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./hybridsr models}: a group; its subcommands do the work. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Model weights: fetch, convert, list, bundle (for a GPU check).",
    subcommands = {
      ModelsFetchCommand.class,
      ModelsConvertCommand.class,
      ModelsListCommand.class,
      ModelsBundleCommand.class,
    })
public final class ModelsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
