package io.hybridsr.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.task.Task;
import io.hybridsr.kafka.records.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoReportTest {
  static Outcome completed(String id, String image, double predicted, double measured) {
    return new Outcome(
        id,
        "u",
        "d",
        null,
        Outcome.Status.COMPLETED,
        "device:d",
        null,
        2,
        30,
        512,
        512,
        1024,
        1024,
        null,
        null,
        null,
        new Outcome.Timings(1.0, 2.0, 0.5, 0.1, 0.2, 2.1, predicted),
        new Outcome.Timings(3.0, 1.0, 0.7, 0.3, 0.2, 1.3, measured),
        image,
        null,
        0L);
  }

  @Test
  void shouldWriteAPageWithRelativeLinksFromARelativeFolder() throws Exception {
    // The demo's default --out is relative (out/demo) while outcomes carry absolute image paths.
    Path dir = Path.of("target", "demo-report-test", "report");
    Path image = Path.of("target", "demo-report-test", "images", "t1.png").toAbsolutePath();
    ImageFiles.writePng(new ImageTensor(3, 8, 8), image);
    DemoTask t =
        new DemoTask(new Task("t1", "u", "d", "e", 1024, 1024, 0.5, "a <b>bold</b> prompt"));
    t.finished = completed("t1", image.toString(), 3.1, 4.3);
    Path index = DemoReport.write(dir, List.of(t), "<p>summary</p>");
    String html = Files.readString(index);
    assertTrue(html.contains("src=\"../images/t1.png\""), html);
    assertTrue(html.contains("a &lt;b&gt;bold&lt;/b&gt; prompt"), "prompts are escaped");
    for (String plot :
        List.of("latency-predicted.png", "latency-measured.png", "predicted-vs-measured.png")) {
      assertTrue(Files.size(index.resolveSibling(plot)) > 1000, plot);
    }
    List<String> csv = Files.readAllLines(index.resolveSibling("tasks.csv"));
    assertEquals(2, csv.size(), "a header and one row per task");
    String[] header = csv.get(0).split(",", -1);
    String[] row = csv.get(1).split(",", -1);
    assertEquals(header.length, row.length);
    int predictedT1 = List.of(header).indexOf("predicted_t1");
    int measuredTotal = List.of(header).indexOf("measured_total");
    assertEquals("t1", row[0]);
    assertEquals(1.0, Double.parseDouble(row[predictedT1]), 1e-9);
    assertEquals(4.3, Double.parseDouble(row[measuredTotal]), 1e-9);
    assertEquals("", row[List.of(header).indexOf("measured_edgeWait")], "unknown stays empty");
  }

  @Test
  void shouldAverageTheAbsoluteErrorPerStage() {
    DemoTask a = new DemoTask(new Task("a", "u", "d", "e", 1024, 1024, 0.5, "p"));
    a.finished = completed("a", null, 3.0, 5.0);
    DemoTask b = new DemoTask(new Task("b", "u", "d", "e", 1024, 1024, 0.5, "p"));
    b.finished = completed("b", null, 3.0, 2.0);
    double[] mae = DemoReport.meanAbsoluteErrors(List.of(a, b));
    assertEquals(2.0, mae[0], 1e-9); // T1: |1-3| for both
    assertEquals(1.5, mae[6], 1e-9); // T: (|3-5| + |3-2|) / 2
  }
}
