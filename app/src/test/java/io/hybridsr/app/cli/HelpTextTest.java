package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders as written: picocli formats descriptions with {@code
 * String.format}, so a bare {@code %} (as in "within 1%") makes it warn on stderr and print the raw
 * text.
 */
class HelpTextTest {
  @Test
  void shouldRenderEveryCommandsHelpWithoutFormatWarnings() {
    List<CommandLine> all = new ArrayList<>();
    collect(HybridsrCli.newCommandLine(), all);
    assertTrue(all.size() > 10, "commands found: " + all.size());
    PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    List<String> empty = new ArrayList<>();
    try {
      System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
      for (CommandLine c : all) {
        String usage = c.getUsageMessage();
        if (!usage.contains("Usage: ")) {
          empty.add(c.getCommandName());
        }
      }
    } finally {
      System.setErr(err);
    }
    String warnings = said.toString(StandardCharsets.UTF_8);
    assertFalse(warnings.contains("picocli WARN"), warnings);
    assertEquals(List.of(), empty, "commands without a usage line");
  }

  private static void collect(CommandLine c, List<CommandLine> into) {
    into.add(c);
    for (CommandLine sub : c.getSubcommands().values()) {
      if (!into.contains(sub)) {
        collect(sub, into);
      }
    }
  }
}
