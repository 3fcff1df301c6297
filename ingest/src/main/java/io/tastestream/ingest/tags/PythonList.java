package io.tastestream.ingest.tags;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a Python list-of-strings literal as Python's {@code repr} writes it: {@code []}, {@code ['a', 'b']}, or
 * {@code ["children's music"]} (double quotes when the string holds an apostrophe), with backslash escapes.
 */
final class PythonList {
    private final String s;
    private int i;

    private PythonList(String s) {
        this.s = s;
    }

    static List<String> parse(String text) {
        return new PythonList(text.strip()).list();
    }

    private List<String> list() {
        List<String> items = new ArrayList<>();
        expect('[');
        skipSpaces();
        if (peek() == ']') {
            i++;
            return end(items);
        }
        while (true) {
            skipSpaces();
            items.add(string());
            skipSpaces();
            char c = next("',' or ']'");
            if (c == ']') {
                return end(items);
            }
            if (c != ',') {
                throw fail("expected ',' or ']' but found '" + c + "'");
            }
            skipSpaces();
            if (peek() == ']') {   // Python allows a trailing comma
                i++;
                return end(items);
            }
        }
    }

    private List<String> end(List<String> items) {
        skipSpaces();
        if (i < s.length()) {
            throw fail("unexpected text after ']'");
        }
        return items;
    }

    private String string() {
        char quote = next("a quoted string");
        if (quote != '\'' && quote != '"') {
            throw fail("expected a quoted string but found '" + quote + "'");
        }
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next("closing " + quote);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\') {
                char e = next("an escaped character");
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case '\\', '\'', '"' -> b.append(e);
                    case 'x' -> b.append((char) Integer.parseInt(take(2), 16));
                    case 'u' -> b.append((char) Integer.parseInt(take(4), 16));
                    default -> b.append('\\').append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private String take(int n) {
        if (i + n > s.length()) {
            throw fail("escape cut short");
        }
        String t = s.substring(i, i + n);
        i += n;
        return t;
    }

    private void expect(char c) {
        char got = next("'" + c + "'");
        if (got != c) {
            throw fail("expected '" + c + "' but found '" + got + "'");
        }
    }

    private char next(String what) {
        if (i >= s.length()) {
            throw fail("expected " + what + " but the value ended");
        }
        return s.charAt(i++);
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void skipSpaces() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException fail(String message) {
        return new IllegalArgumentException("not a Python list of strings (" + message + " at character "
                + Math.min(i, s.length()) + " of '" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "')");
    }
}
