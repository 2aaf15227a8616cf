package dev.klink.tokens.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md is a compiled file of the build: the line before the block is
 * {@code <!-- snippet: path -->}, and the block is that file's lines between {@code // readme:begin} and
 * {@code // readme:end} (each part without the marker's indentation, parts separated by an empty line), or the
 * whole file when it has no markers.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern FENCE = Pattern.compile("( *)```java");
    private static final Pattern MARKER = Pattern.compile(" *<!-- snippet: (\\S+) -->");
    private static final String BEGIN = "// readme:begin";
    private static final String END = "// readme:end";

    /** A Java block of the README: where it starts, the file its marker names, and its text. */
    record Snippet(int line, String file, String text) {
    }

    @Test
    void readmeWhenShowingJavaThenEachBlockIsItsFileCharacterForCharacter() {
        List<Snippet> snippets = snippets(read(ROOT.resolve("README.md")));
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(10);
        for (Snippet snippet : snippets) {
            Path file = ROOT.resolve(snippet.file());
            if (!Files.isRegularFile(file)) {
                fail("README.md line " + snippet.line() + ": the snippet names " + snippet.file()
                        + ", which does not exist");
            }
            assertThat(snippet.text())
                    .as("README.md line %d differs from %s (between %s and %s)", snippet.line(), snippet.file(),
                            BEGIN, END)
                    .isEqualTo(shown(read(file)));
        }
    }

    @Test
    void snippetFilesWhenMarkedThenEachShownInTheReadme() throws IOException {
        Set<String> shown = new TreeSet<>();
        snippets(read(ROOT.resolve("README.md"))).forEach(snippet -> shown.add(snippet.file()));
        Set<String> marked = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> read(path).lines().anyMatch(line -> line.strip().equals(BEGIN)))
                    .forEach(path -> marked.add("examples/readme-snippets/" + path.toString().replace('\\', '/')));
        }
        assertThat(shown).containsAll(marked);
    }

    static List<Snippet> snippets(String readme) {
        List<String> lines = readme.lines().toList();
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            Matcher marker = i == 0 ? null : MARKER.matcher(lines.get(i - 1));
            if (marker == null || !marker.matches()) {
                fail("README.md line " + (i + 1) + ": a java block without <!-- snippet: path/of/its/File.java -->"
                        + " on the line before it");
            }
            String indent = fence.group(1);
            StringBuilder text = new StringBuilder();
            int start = i + 1;
            for (i = start; !lines.get(i).equals(indent + "```"); i++) {
                text.append(strip(lines.get(i), indent, i + 1)).append('\n');
            }
            snippets.add(new Snippet(start, marker.group(1), text.toString()));
        }
        return snippets;
    }

    /** The parts of {@code source} between the markers, or all of it without markers. */
    static String shown(String source) {
        if (!source.contains(BEGIN)) {
            return source;
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = null;
        String indent = "";
        int number = 0;
        for (String line : source.lines().toList()) {
            number++;
            if (line.strip().equals(BEGIN)) {
                part = new StringBuilder();
                indent = line.substring(0, line.indexOf(BEGIN));
            } else if (line.strip().equals(END) && part != null) {
                parts.add(part.toString());
                part = null;
            } else if (part != null) {
                part.append(strip(line, indent, number)).append('\n');
            }
        }
        return String.join("\n", parts);
    }

    private static String strip(String line, String indent, int number) {
        if (line.isBlank()) {
            return "";
        }
        if (!line.startsWith(indent)) {
            fail("line " + number + " is indented less than its block: " + line);
        }
        return line.substring(indent.length());
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
