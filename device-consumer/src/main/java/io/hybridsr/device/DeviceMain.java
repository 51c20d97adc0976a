package io.hybridsr.device;

import io.hybridsr.device.cli.DeviceCommand;
import io.hybridsr.device.cli.ModelsFetchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the device image ({@code k8s/images/device}): the two commands a device pod runs,
 * {@code device ...} and {@code models fetch ...}, with the same names and flags as under {@code
 * ./hybridsr}, so manifests and scripts work against either. It carries no Flink.
 */
@Command(
    name = "hybridsr",
    mixinStandardHelpOptions = true,
    description =
        "The device application: run one device, or fetch the Real-ESRGAN weights it needs.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DeviceCommand.class,
      DeviceMain.Models.class,
    })
public final class DeviceMain implements Runnable {
  /** The device's own log4j configuration; under {@code ./hybridsr} the CLI's applies instead. */
  static final String LOG_CONFIG = "log4j2-device.xml";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // Before the first logger exists; an explicit -Dlog4j2.configurationFile still wins.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, also used by tests to parse the manifests' arguments. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new DeviceMain());
  }

  /** {@code models}: only {@code fetch} on a device (conversion and listing are in ./hybridsr). */
  @Command(
      name = "models",
      mixinStandardHelpOptions = true,
      description = "Model weights: fetch.",
      subcommands = {ModelsFetchCommand.class})
  public static final class Models implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }
}
