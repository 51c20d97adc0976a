package io.hybridsr.core.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The PartiPrompts benchmark (google-research/parti, Apache-2.0; see prompts/SOURCES.md in the
 * resources), the workload the paper evaluates on.
 */
public final class PromptSource {
  /** Class-path resource of the prompt table (header Prompt, Category, Challenge, Note). */
  public static final String RESOURCE = "/prompts/PartiPrompts.tsv";

  private PromptSource() {}

  /** Every prompt of PartiPrompts, in file order. */
  public static List<String> partiPrompts() {
    try (InputStream in = PromptSource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = r.readLine();
      if (header == null || !header.startsWith("Prompt\t")) {
        throw new IllegalStateException(RESOURCE + ": expected a header starting with 'Prompt'");
      }
      List<String> out = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int tab = line.indexOf('\t');
        String prompt = (tab < 0 ? line : line.substring(0, tab)).strip();
        if (!prompt.isEmpty()) {
          out.add(prompt.length() > 2000 ? prompt.substring(0, 2000) : prompt);
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
