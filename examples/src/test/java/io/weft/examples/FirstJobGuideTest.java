package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * docs/first-job.md works as written: its pom depends on this build's weft-core and names the
 * guide's class as Main-Class, and its job compiles from the guide's own code block and gives the
 * counts the guide's sample input should give.
 */
class FirstJobGuideTest {
  private static final Pattern BLOCK = Pattern.compile("```(java|xml)\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @AfterEach
  void resetContext() {
    StreamEnvironment.setContextConfiguration(null);
  }

  @Test
  void theGuidesJobBuildsAndRunsAsWritten() throws Exception {
    Path root = Path.of(System.getProperty("weft.root"));
    String guide = Files.readString(root.resolve("docs/first-job.md"));
    String java = null;
    String pom = null;
    Matcher m = BLOCK.matcher(guide);
    while (m.find()) {
      if (m.group(1).equals("java")) {
        java = m.group(2);
      } else {
        pom = m.group(2);
      }
    }
    assertTrue(java != null && pom != null, "the guide has a pom and a Java block");

    Document project = xml(pom);
    Document weft = xml(Files.readString(root.resolve("pom.xml")));
    String weftVersion = text(weft, "/project/version");
    assertEquals("weft-core", text(project, "/project/dependencies/dependency/artifactId"));
    assertEquals(weftVersion, text(project, "/project/dependencies/dependency/version"),
        "the guide depends on the version this build installs");
    String mainClass = text(project, "//manifest/mainClass");
    Matcher pkg = Pattern.compile("package ([\\w.]+);").matcher(java);
    Matcher cls = Pattern.compile("public final class (\\w+)").matcher(java);
    assertTrue(pkg.find() && cls.find(), "the Java block declares its package and class");
    assertEquals(pkg.group(1) + "." + cls.group(1), mainClass, "the pom's Main-Class is the guide's job");

    Path source = dir.resolve("src").resolve(mainClass.replace('.', '/') + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, java);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        source.toString());
    assertEquals(0, rc, "the guide's job compiles against weft-core");

    // The guide's sample input, as its printf writes it.
    Path input = Files.writeString(dir.resolve("logs.txt"),
        "billing ERROR timeout\nsearch INFO ok\nbilling ERROR refused\nsearch ERROR oom\n");
    Path output = dir.resolve("errors");
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 2); // -p 2, as the guide runs it
    StreamEnvironment.setContextConfiguration(conf);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, previous)) {
      thread.setContextClassLoader(loader);
      Method main = loader.loadClass(mainClass).getMethod("main", String[].class);
      main.invoke(null, (Object) new String[] {input.toString(), output.toString()});
    } finally {
      thread.setContextClassLoader(previous);
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(output)) {
      for (Path part : (Iterable<Path>) parts::iterator) {
        lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
    }
    assertEquals(new TreeSet<>(List.of("billing\t2", "search\t1")), new TreeSet<>(lines), "one count per service");
    assertEquals(2, lines.size(), lines.toString());
  }

  private static Document xml(String text) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Document doc, String xpath) throws Exception {
    return javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(xpath, doc).trim();
  }
}
