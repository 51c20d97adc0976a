package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The CLI's logging configuration (src/main/resources/log4j2.xml; the tests run with their own):
 * the console gets the project's lines and other libraries' errors, the file everything, and the
 * file is named after the command.
 */
class LogFileTest {
  @Test
  void theFileIsNamedAfterTheCommand() {
    Properties saved = (Properties) System.getProperties().clone();
    try {
      System.clearProperty(LogFile.PROPERTY);
      LogFile.nameFor(new String[] {"demo", "--users", "3"});
      Path p = Path.of(System.getProperty(LogFile.PROPERTY));
      assertEquals("hybridsr-demo.log", p.getFileName().toString());
      assertTrue(p.startsWith(Path.of(System.getProperty("java.io.tmpdir"))), p.toString());

      System.setProperty(LogFile.PROPERTY, "/somewhere/else.log");
      LogFile.nameFor(new String[] {"job"});
      assertEquals(
          "/somewhere/else.log", System.getProperty(LogFile.PROPERTY), "an explicit -D wins");
    } finally {
      System.setProperties(saved);
    }
  }

  @Test
  void theConsoleGetsOurLinesAndOthersErrorsTheFileGetsEverything() throws Exception {
    Path xml = Path.of("src/main/resources/log4j2.xml");
    assertTrue(Files.isRegularFile(xml));
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    assertTrue(xml.toFile().length() > 0);
    Element file = (Element) d.getElementsByTagName("File").item(0);
    assertTrue(file.getAttribute("fileName").contains("logFile"));
    Element root = (Element) d.getElementsByTagName("Root").item(0);
    assertEquals("INFO", root.getAttribute("level"), "other libraries' INFO lines reach the file");
    NodeList refs = root.getElementsByTagName("AppenderRef");
    boolean consoleErrorsOnly = false;
    boolean fileAll = false;
    for (int i = 0; i < refs.getLength(); i++) {
      Element r = (Element) refs.item(i);
      consoleErrorsOnly |=
          r.getAttribute("ref").equals("err") && r.getAttribute("level").equals("ERROR");
      fileAll |= r.getAttribute("ref").equals("file") && r.getAttribute("level").isEmpty();
    }
    assertTrue(consoleErrorsOnly, "other libraries reach the console with errors only");
    assertTrue(fileAll, "and the file with everything");
    NodeList loggers = d.getElementsByTagName("Logger");
    for (int i = 0; i < loggers.getLength(); i++) {
      Element l = (Element) loggers.item(i);
      if (l.getAttribute("name").equals("io.hybridsr")) {
        assertEquals("false", l.getAttribute("additivity"));
        assertEquals(
            2, l.getElementsByTagName("AppenderRef").getLength(), "our lines: console and file");
        return;
      }
    }
    throw new AssertionError("no io.hybridsr logger");
  }
}
