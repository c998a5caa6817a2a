package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java examples of the docs compile as shown against the client library, with the imports
 * they show and nothing else, and the Maven coordinates they give are the library's.
 *
 * <p>An example is its imports and then statements, as a reader would paste them into a method;
 * the test puts the statements into one (that may throw anything) of a class with those imports.
 */
class DocJavaExamplesTest {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);

  @TempDir
  Path classes;

  @ParameterizedTest
  @ValueSource(strings = {"docs/client.md", "docs/bench.md"})
  void theJavaExamplesCompileWithTheImportsTheyShow(String document) throws IOException {
    List<String> examples = blocks(JAVA_BLOCK, document);
    assertThat(examples).as("%s: its Java examples", document).isNotEmpty();

    List<JavaFileObject> sources = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      sources.add(source("DocExample" + i, examples.get(i)));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean compiled = javac.getTask(errors, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none"),
        null, sources).call();

    assertThat(compiled).as("%s: a Java example does not compile:%n%s", document, errors).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"docs/client.md"})
  void theMavenCoordinatesAreTheClientLibrarys(String document) throws IOException {
    String clientPom = Files.readString(RepoFiles.ROOT.resolve("client").resolve("pom.xml"));
    String parentPom = Files.readString(RepoFiles.ROOT.resolve("pom.xml"));

    assertThat(blocks(XML_BLOCK, document)).singleElement().satisfies(dependency -> {
      assertThat(element("groupId", dependency)).isEqualTo(element("groupId", parentPom));
      assertThat(element("artifactId", dependency)).isEqualTo(element("artifactId", clientPom.replaceFirst(
          "(?s)<parent>.*?</parent>", "")));
      assertThat(element("version", dependency)).isEqualTo(element("version", parentPom));
    });
  }

  private static List<String> blocks(Pattern fence, String document) throws IOException {
    Matcher block = fence.matcher(Files.readString(RepoFiles.ROOT.resolve(document)));
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /** The first {@code <name>} element's text in {@code xml}: in a pom, the project's own. */
  private static String element(String name, String xml) {
    Matcher element = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    assertThat(element.find()).as("<%s> in%n%s", name, xml).isTrue();
    return element.group(1).strip();
  }

  /** The example's imports, then its statements as the body of a method. */
  private static JavaFileObject source(String className, String example) {
    StringBuilder imports = new StringBuilder();
    StringBuilder statements = new StringBuilder();
    example.lines().forEach(line -> (line.startsWith("import ") ? imports : statements).append(line).append('\n'));
    String code = imports + "class " + className + " {\n  void example() throws Exception {\n" + statements
        + "  }\n}\n";
    return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
