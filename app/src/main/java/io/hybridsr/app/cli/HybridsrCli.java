package io.hybridsr.app.cli;

import io.hybridsr.device.cli.DeviceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./hybridsr} command line: one subcommand per task a user runs.
 *
 * <p>Each subcommand lives in its own class in this package; register it in {@code subcommands}
 * below. Command and flag names are interfaces others script against: keep them.
 */
@Command(
    name = "hybridsr",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "End-edge collaborative hybrid super-resolution for text-to-image serving.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ModelsCommand.class,
      BenchCommand.class,
      SimulateCommand.class,
      JobCommand.class,
      DeviceCommand.class,
      DemoCommand.class,
      FuzzCommand.class,
      UpscaleCommand.class,
      EvaluateSrCommand.class,
      GenerateCommand.class,
      CalibrateCommand.class,
    })
public final class HybridsrCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    LogFile.nameFor(args);
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, also used by tests to drive subcommands in-process. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new HybridsrCli());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // The descriptions are written to 100 columns; picocli's default of 80 would break them
    // mid-line.
    cl.setUsageHelpWidth(100);
    return cl;
  }
}
