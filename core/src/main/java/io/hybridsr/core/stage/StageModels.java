package io.hybridsr.core.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calibrated time model of every (stage, runner) pair a profile knows.
 *
 * <p>Read from and written to a profile's {@code stageModels} section (docs/profile-format.md);
 * {@link #missingFor(RunnerSet)} says which stages a job's runners lack, so a profile made for
 * other runners is refused (or learned from scratch) rather than silently misused.
 */
public final class StageModels implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The profile section holding the models. */
  public static final String SECTION = "stageModels";

  private final Map<String, StageModel> models = new LinkedHashMap<>();
  private final String source;

  public StageModels(Collection<StageModel> models, String source) {
    models.forEach(m -> this.models.put(key(m.stage(), m.runner()), m));
    this.source = source;
  }

  /** No models: every stage must be learned. */
  public static StageModels empty() {
    return new StageModels(List.of(), "none");
  }

  private static String key(Stage s, String runner) {
    return s.key() + "|" + runner;
  }

  /** The model of {@code runner} on {@code stage}, or null when the profile has none. */
  public StageModel get(Stage stage, String runner) {
    return models.get(key(stage, runner));
  }

  public Collection<StageModel> all() {
    return models.values();
  }

  public String source() {
    return source;
  }

  /** The (stage, runner) pairs {@code runners} needs that these models lack, as text. */
  public List<String> missingFor(RunnerSet runners) {
    List<String> missing = new ArrayList<>();
    for (Stage s : Stage.values()) {
      if (get(s, runners.runnerOf(s)) == null) {
        missing.add(s.key() + " on " + runners.runnerOf(s));
      }
    }
    return missing;
  }

  /** These models with {@code others} added (others win on the same stage and runner). */
  public StageModels merged(StageModels others) {
    List<StageModel> all = new ArrayList<>(models.values());
    all.addAll(others.models.values());
    return new StageModels(all, source + " + " + others.source);
  }

  /** Reads the {@code stageModels} section of a profile's JSON; empty when it has none. */
  public static StageModels fromProfileJson(JsonNode root, String file) {
    JsonNode sec = root.path(SECTION);
    if (sec.isMissingNode()) {
      return empty();
    }
    List<StageModel> out = new ArrayList<>();
    for (JsonNode m : sec.path("models")) {
      try {
        out.add(
            new StageModel(
                Stage.ofKey(m.path("stage").asText()),
                m.path("runner").asText(),
                m.path("interceptSeconds").asDouble(Double.NaN),
                m.path("secondsPerUnit").asDouble(Double.NaN),
                m.path("secondsPerUnit2").asDouble(0),
                m.path("source").asText("?")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + SECTION + ": " + e.getMessage(), e);
      }
    }
    return new StageModels(out, file);
  }

  /** The {@code stageModels} section as JSON. */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode sec = json.createObjectNode();
    sec.put(
        "units",
        "seconds = interceptSeconds + secondsPerUnit x units + secondsPerUnit2 x units2;"
            + " units per stage in docs/models.md");
    ArrayNode arr = sec.putArray("models");
    for (StageModel m : models.values()) {
      ObjectNode o = arr.addObject();
      o.put("stage", m.stage().key());
      o.put("runner", m.runner());
      o.put("interceptSeconds", m.interceptSeconds());
      o.put("secondsPerUnit", m.secondsPerUnit());
      o.put("secondsPerUnit2", m.secondsPerUnit2());
      o.put("units", m.stage().units());
      o.put("source", m.source());
    }
    return sec;
  }
}
